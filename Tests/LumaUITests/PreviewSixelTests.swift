import Testing
import LumaKit
@testable import LumaUI

/// Sixel output read back by a small decoder written here, to pixels.
@Suite struct PreviewSixelTests {
    struct Decoded {
        var width = 0, height = 0
        var registers: [Int: RGB] = [:]
        var pixels: [Int: RGB] = [:]  // y * width + x
    }

    enum DecodeError: Error { case framing, unexpected(Character) }

    /// Reads `DCS … q "1;1;W;H #n;2;r;g;b … ST`, painting each sixel bit in the current colour.
    func decode(_ text: String) throws -> Decoded {
        guard text.hasPrefix("\u{1B}P"), text.hasSuffix("\u{1B}\\"), let q = text.firstIndex(of: "q") else { throw DecodeError.framing }
        let body = Array(text[text.index(after: q)..<text.index(text.endIndex, offsetBy: -2)])
        var out = Decoded()
        var i = 0, x = 0, band = 0, color = 0
        func number() -> Int {
            var n = 0
            while i < body.count, let d = body[i].wholeNumberValue, body[i].isASCII { n = n * 10 + d; i += 1 }
            return n
        }
        func numbers() -> [Int] {
            var list = [number()]
            while i < body.count, body[i] == ";" { i += 1; list.append(number()) }
            return list
        }
        func paint(_ c: Character, times: Int) throws {
            guard let v = c.asciiValue, (63...126).contains(v) else { throw DecodeError.unexpected(c) }
            for _ in 0..<times {
                for bit in 0..<6 where (v - 63) & (1 << bit) != 0 {
                    out.pixels[(band * 6 + bit) * out.width + x] = out.registers[color]
                }
                x += 1
            }
        }
        while i < body.count {
            let c = body[i]; i += 1
            switch c {
            case "\"": let n = numbers(); out.width = n[2]; out.height = n[3]
            case "#":
                let n = numbers()
                color = n[0]
                if n.count == 5 {
                    func channel(_ p: Int) -> UInt8 { UInt8((p * 255 + 50) / 100) }
                    out.registers[color] = RGB(channel(n[2]), channel(n[3]), channel(n[4]))
                }
            case "!": let n = number(); let ch = body[i]; i += 1; try paint(ch, times: n)
            case "$": x = 0
            case "-": x = 0; band += 1
            default: try paint(c, times: 1)
            }
        }
        return out
    }

    /// The picture as the sixel can show it: each pixel's palette colour, through percent.
    func expected(_ q: QuantizedPicture) -> [RGB] {
        q.indices.map { i in
            let c = q.palette[Int(i)]
            func through(_ v: UInt8) -> UInt8 { UInt8((Sixel.percent(v) * 255 + 50) / 100) }
            return RGB(through(c.r), through(c.g), through(c.b))
        }
    }

    func check(_ picture: Picture, colors: Int = 256) throws {
        let text = Sixel.encode(picture, colors: colors)
        let decoded = try decode(text)
        #expect(decoded.width == picture.width && decoded.height == picture.height)
        #expect(decoded.registers.count <= colors)
        let want = expected(MedianCut.quantize(picture, colors: colors))
        var wrong = 0
        for p in 0..<(picture.width * picture.height) where decoded.pixels[p] != want[p] { wrong += 1 }
        #expect(wrong == 0, "\(wrong) pixels differ")
        // Between the introducer and ST, only the sixel alphabet.
        let body = text.utf8.dropFirst(2).dropLast(2)
        let allowed = Set(Array("0123456789;q\"#!$-".utf8) + Array(63...126))
        #expect(body.allSatisfy { allowed.contains($0) })
    }

    @Test func quadrantsComeBackExactly() throws {
        try check(PreviewTestImages.quadrants(width: 20, height: 13))
        // Four colours need four registers, and every one is its own.
        let q = MedianCut.quantize(PreviewTestImages.quadrants(width: 20, height: 13), colors: 256)
        #expect(Set(q.palette) == [PreviewTestImages.red, PreviewTestImages.green, PreviewTestImages.blue, PreviewTestImages.yellow])
    }

    @Test func aGradientWithMoreColoursThanRegisters() throws {
        let picture = PreviewTestImages.picture(width: 64, height: 7) { x, y in RGB(UInt8(x * 4), UInt8(y * 36), UInt8(255 - x * 4)) }
        try check(picture, colors: 16)
        // Cutting to 16 colours keeps each pixel near its own.
        let q = MedianCut.quantize(picture, colors: 16)
        #expect(q.palette.count == 16)
        for y in 0..<7 {
            for x in 0..<64 {
                let p = picture.pixel(x: x, y: y), c = q.palette[Int(q.indices[y * 64 + x])]
                let dr = abs(Int(p.r) - Int(c.r)), dg = abs(Int(p.g) - Int(c.g)), db = abs(Int(p.b) - Int(c.b))
                #expect(dr + dg + db <= 120)
            }
        }
    }

    @Test func runsAreCoded() {
        let text = Sixel.encode(PreviewTestImages.picture(width: 100, height: 6) { _, _ in RGB(1, 2, 3) })
        // One colour, all six rows set: `~` a hundred times.
        #expect(text.contains("#0!100~"), "\(text)")
        #expect(text.hasPrefix("\u{1B}P0;1;0q\"1;1;100;6#0;2;0;1;1"))
    }

    @Test func oddSizesAndOnePixel() throws {
        try check(PreviewTestImages.gradient(width: 1, height: 1))
        try check(PreviewTestImages.quadrants(width: 3, height: 17))
    }
}
