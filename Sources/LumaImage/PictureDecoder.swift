import LumaKit

/// Why bytes did not become a picture: one line, shown in the preview pane with the palette.
public enum PictureError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Not JPEG, PNG or WebP (what is known of it: a media type or the first bytes).
    case unsupported(String)
    /// The header claims more pixels than `PictureDecoder.maxPixels`: refused before decoding.
    case tooLarge(width: Int, height: Int)
    /// Truncated or damaged: the library's own words.
    case corrupt(String)

    public var description: String {
        switch self {
        case .unsupported(let what): return "not an image lumatop shows: \(what)"
        case .tooLarge(let w, let h): return "image too large: \(w)×\(h) pixels"
        case .corrupt(let why): return "corrupt image: \(why)"
        }
    }
}

/// Turns JPEG, PNG or WebP bytes into a `Picture`.
public enum PictureDecoder {
    /// More than this many pixels in the header and the image is refused unread.
    public static let maxPixels = 50_000_000

    /// Decodes `bytes`; when `fitting` is given, the library scales down while decoding where it
    /// can (never below that size), so memory stays bounded.
    public static func decode(_ bytes: [UInt8], fitting: (width: Int, height: Int)? = nil) throws(PictureError) -> Picture {
        throw .unsupported("decoder not built yet")
    }
}
