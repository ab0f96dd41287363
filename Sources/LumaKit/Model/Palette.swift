import Foundation

/// One colour of a palette, as the server sends it: three bytes.
public struct RGB: Hashable, Sendable {
    public var r: UInt8, g: UInt8, b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r; self.g = g; self.b = b
    }

    /// `#rrggbb`, lower case.
    public var hex: String {
        let digits = Array("0123456789abcdef")
        var out = "#"
        for byte in [r, g, b] {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xf)])
        }
        return out
    }
}

/// The 5×5 colour thumbnail of `thumbnail.palette.grid`: base64 of 25 RGB triplets, row-major.
public struct Palette: Hashable, Sendable {
    public static let side = 5
    public let colors: [RGB]

    public enum Invalid: Error, Equatable {
        case notBase64
        case wrongLength(Int)
    }

    public init(colors: [RGB]) throws {
        guard colors.count == Self.side * Self.side else { throw Invalid.wrongLength(colors.count * 3) }
        self.colors = colors
    }

    public init(base64 grid: String) throws {
        // Foundation's reading stays the judge of odd padding, which it takes more loosely.
        guard let raw = (try? Self.decodeBase64(grid)) ?? Data(base64Encoded: grid).map({ [UInt8]($0) }) else {
            throw Invalid.notBase64
        }
        guard raw.count == Self.side * Self.side * 3 else { throw Invalid.wrongLength(raw.count) }
        colors = stride(from: 0, to: raw.count, by: 3).map { RGB(raw[$0], raw[$0 + 1], raw[$0 + 2]) }
    }

    /// Strict base64 (RFC 4648: padded, no white space) without Foundation, which was a tenth of
    /// an answer's decoding. What this refuses, `init(base64:)` still asks `Data(base64Encoded:)`.
    static func decodeBase64(_ text: String) throws -> [UInt8] {
        var text = text
        return try text.withUTF8 { b throws -> [UInt8] in
            guard b.count % 4 == 0 else { throw Invalid.notBase64 }
            var out = [UInt8]()
            out.reserveCapacity(b.count / 4 * 3)
            var i = 0
            while i < b.count {
                var group: UInt32 = 0, pads = 0
                for j in 0..<4 {
                    let c = b[i + j]
                    let v: UInt8
                    switch c {
                    case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = c - UInt8(ascii: "A")
                    case UInt8(ascii: "a")...UInt8(ascii: "z"): v = c - UInt8(ascii: "a") + 26
                    case UInt8(ascii: "0")...UInt8(ascii: "9"): v = c - UInt8(ascii: "0") + 52
                    case UInt8(ascii: "+"): v = 62
                    case UInt8(ascii: "/"): v = 63
                    case UInt8(ascii: "=") where i + 4 == b.count && j >= 2: v = 0; pads += 1
                    default: throw Invalid.notBase64
                    }
                    // Nothing but padding after the first `=`.
                    if pads > 0, c != UInt8(ascii: "=") { throw Invalid.notBase64 }
                    group = group << 6 | UInt32(v)
                }
                out.append(UInt8(group >> 16))
                if pads < 2 { out.append(UInt8(group >> 8 & 0xFF)) }
                if pads < 1 { out.append(UInt8(group & 0xFF)) }
                i += 4
            }
            return out
        }
    }

    public var base64: String {
        Data(colors.flatMap { [$0.r, $0.g, $0.b] }).base64EncodedString()
    }

    public subscript(row: Int, column: Int) -> RGB { colors[row * Self.side + column] }
}
