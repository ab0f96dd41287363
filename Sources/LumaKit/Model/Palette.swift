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
        guard let bytes = Data(base64Encoded: grid) else { throw Invalid.notBase64 }
        guard bytes.count == Self.side * Self.side * 3 else { throw Invalid.wrongLength(bytes.count) }
        let raw = [UInt8](bytes)
        colors = stride(from: 0, to: raw.count, by: 3).map { RGB(raw[$0], raw[$0 + 1], raw[$0 + 2]) }
    }

    public var base64: String {
        Data(colors.flatMap { [$0.r, $0.g, $0.b] }).base64EncodedString()
    }

    public subscript(row: Int, column: Int) -> RGB { colors[row * Self.side + column] }
}
