/// A decoded picture: 8-bit RGB, rows top to bottom, no padding. What decoders produce and every
/// way of showing a preview consumes.
public struct Picture: Hashable, Sendable {
    public let width: Int
    public let height: Int
    /// `width * height * 3` bytes, R G B.
    public let rgb: [UInt8]

    /// Nil when the sizes and the bytes disagree.
    public init?(width: Int, height: Int, rgb: [UInt8]) {
        guard width > 0, height > 0, rgb.count == width * height * 3 else { return nil }
        self.width = width; self.height = height; self.rgb = rgb
    }

    public func pixel(x: Int, y: Int) -> RGB {
        let i = (y * width + x) * 3
        return RGB(rgb[i], rgb[i + 1], rgb[i + 2])
    }
}

/// Which picture of a completed generation a preview shows.
public enum PreviewSource: String, Hashable, Sendable, CaseIterable {
    case thumbnail
    case lastFrame = "last frame"
}
