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
    /// A longer side is absurd for a preview, whatever the area (JPEG's own limit is below it).
    static let maxSide = 65_535

    /// Decodes `bytes`; when `fitting` is given, the library scales down while decoding where it
    /// can (never below that size), so memory stays bounded.
    public static func decode(_ bytes: [UInt8], fitting: (width: Int, height: Int)? = nil) throws(PictureError) -> Picture {
        let fit = fitting.map { (width: min(max($0.width, 1), maxSide), height: min(max($0.height, 1), maxSide)) }
        switch ImageFormat(sniffing: bytes) {
        case .jpeg: return try JPEGDecoder.decode(bytes, fitting: fit)
        case .png: return try PNGDecoder.decode(bytes)
        case .webp: return try WebPDecoder.decode(bytes, fitting: fit)
        case .other(let what): throw .unsupported(what)
        }
    }

    /// The header's size, checked before any pixel is decoded.
    static func checkSize(width: Int, height: Int) throws(PictureError) {
        guard width > 0, height > 0 else { throw .corrupt("the header gives a size of \(width)×\(height)") }
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, pixels <= maxPixels, width <= maxSide, height <= maxSide else {
            throw .tooLarge(width: width, height: height)
        }
    }
}

/// What the first bytes say a file is.
enum ImageFormat: Equatable {
    case jpeg, png, webp
    /// Not decoded here: the name of what it looks like, or "unknown bytes".
    case other(String)

    init(sniffing b: [UInt8]) {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            b.count >= offset + prefix.count && Array(b[offset..<offset + prefix.count]) == prefix
        }
        func ascii(_ s: String) -> [UInt8] { Array(s.utf8) }
        if b.isEmpty { self = .other("empty"); return }
        if starts([0xFF, 0xD8, 0xFF]) { self = .jpeg; return }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { self = .png; return }
        if starts(ascii("RIFF")) && starts(ascii("WEBP"), at: 8) { self = .webp; return }
        if starts(ascii("GIF87a")) || starts(ascii("GIF89a")) { self = .other("GIF"); return }
        if starts(ascii("ftyp"), at: 4), b.count >= 12 {
            let brand = String(decoding: b[8..<12], as: UTF8.self)
            switch brand {
            case "avif", "avis": self = .other("AVIF")
            case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1": self = .other("HEIF")
            default: self = .other("MP4/QuickTime video")
            }
            return
        }
        if starts(ascii("BM")) && b.count >= 26 { self = .other("BMP"); return }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { self = .other("TIFF"); return }
        if starts([0xFF, 0x0A]) || starts([0, 0, 0, 0x0C, 0x4A, 0x58, 0x4C, 0x20]) { self = .other("JPEG XL"); return }
        self = ImageFormat(text: b)
    }

    /// Text that came instead of a picture: an error page, an SVG, an API's JSON.
    private init(text b: [UInt8]) {
        var head = b.prefix(512)
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { head = head.dropFirst(3) }
        let text = String(decoding: head, as: UTF8.self).lowercased()
            .drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
        if text.contains("<svg") { self = .other("SVG"); return }
        if text.hasPrefix("<!doctype html") || text.contains("<html") { self = .other("HTML"); return }
        if text.hasPrefix("<?xml") { self = .other("XML"); return }
        if text.hasPrefix("{") || text.hasPrefix("[") { self = .other("JSON"); return }
        self = .other("unknown bytes")
    }
}
