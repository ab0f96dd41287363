import CWebP
import LumaKit
@testable import LumaImage

/// The known test image: four coloured quadrants above a grey gradient strip. Sides are multiples
/// of 16 so every quadrant is whole JPEG blocks and keeps its colour through 4:2:0.
enum TestPicture {
    static let red = RGB(220, 40, 40), green = RGB(40, 200, 60), blue = RGB(30, 60, 210), yellow = RGB(230, 210, 40)

    /// `width` × `height`: quadrants in the top two thirds, the strip (black to white, left to
    /// right) below.
    static func quadrants(width: Int = 128, height: Int = 96) -> Picture {
        let strip = height * 2 / 3
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let c: RGB
                if y >= strip {
                    let v = UInt8(x * 255 / max(width - 1, 1))
                    c = RGB(v, v, v)
                } else {
                    c = expected(x: x, y: y, width: width, strip: strip)
                }
                let i = (y * width + x) * 3
                rgb[i] = c.r; rgb[i + 1] = c.g; rgb[i + 2] = c.b
            }
        }
        return Picture(width: width, height: height, rgb: rgb)!
    }

    /// The quadrant colour at a point above the strip.
    static func expected(x: Int, y: Int, width: Int, strip: Int) -> RGB {
        switch (x < width / 2, y < strip / 2) {
        case (true, true): return red
        case (false, true): return green
        case (true, false): return blue
        case (false, false): return yellow
        }
    }

    /// The centre of each quadrant, as fractions of the picture, with its colour.
    static let centres: [(fx: Double, fy: Double, colour: RGB)] = [
        (0.25, 1.0 / 6, red), (0.75, 1.0 / 6, green), (0.25, 0.5, blue), (0.75, 0.5, yellow),
    ]

    /// Each quadrant's centre in `picture` is within `tolerance` of its colour, per channel.
    static func quadrantsMatch(_ picture: Picture, tolerance: Int) -> Bool {
        centres.allSatisfy { c in
            let p = picture.pixel(x: Int(c.fx * Double(picture.width)), y: Int(c.fy * Double(picture.height)))
            return close(p, c.colour, tolerance)
        }
    }

    static func close(_ a: RGB, _ b: RGB, _ tolerance: Int) -> Bool {
        abs(Int(a.r) - Int(b.r)) <= tolerance && abs(Int(a.g) - Int(b.g)) <= tolerance
            && abs(Int(a.b) - Int(b.b)) <= tolerance
    }

    static func webp(_ p: Picture, lossless: Bool) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        let size = p.rgb.withUnsafeBufferPointer {
            lossless
                ? WebPEncodeLosslessRGB($0.baseAddress, Int32(p.width), Int32(p.height), Int32(p.width * 3), &out)
                : WebPEncodeRGB($0.baseAddress, Int32(p.width), Int32(p.height), Int32(p.width * 3), 90, &out)
        }
        defer { WebPFree(out) }
        precondition(size > 0 && out != nil, "libwebp could not encode the test picture")
        return Array(UnsafeBufferPointer(start: out, count: size))
    }
}

/// Hand-made file pieces for the hostile set.
enum Bytes {
    static func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 255), UInt8(v >> 16 & 255), UInt8(v >> 8 & 255), UInt8(v & 255)] }
    static func le24(_ v: Int) -> [UInt8] { [UInt8(v & 255), UInt8(v >> 8 & 255), UInt8(v >> 16 & 255)] }
    static func le32(_ v: Int) -> [UInt8] { le24(v) + [UInt8(v >> 24 & 255)] }

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// A PNG chunk with its CRC right, so libpng reads on to what it says.
    static func pngChunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return be32(data.count) + body + be32(Int(crc32(body)))
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// Where a PNG chunk of `type` starts (its length field), walking the chunks.
    static func pngChunkOffset(_ png: [UInt8], _ type: String) -> Int? {
        var at = 8
        while at + 8 <= png.count {
            let length = png[at..<at + 4].reduce(0) { $0 << 8 | Int($1) }
            if Array(png[at + 4..<at + 8]) == Array(type.utf8) { return at }
            at += 12 + length
        }
        return nil
    }
}
