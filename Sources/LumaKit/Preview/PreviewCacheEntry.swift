/// One cached preview as it lies on disk: a header line naming the format, the body's length and
/// its checksum, then the URL on a line of its own, then the image bytes. The URL inside is what
/// makes an entry answer for a URL; the file name is only a hash of it, so a collision or a file
/// someone else put there is never taken for another URL's picture.
enum PreviewCacheEntry {
    static let magic = "lumatop-preview 1"
    /// Longer URLs are not cached (signed CDN URLs are far shorter).
    static let longestURL = 8192

    /// The file name for `url`: 32 hex digits of two FNV-1a hashes, then `.preview`. Stable
    /// across runs, unlike `Hasher`.
    static func name(for url: String) -> String {
        let bytes = Array(url.utf8)
        return hex(fnv1a(bytes, seed: 0xcbf2_9ce4_8422_2325)) + hex(fnv1a(bytes, seed: 0x8422_2325_cbf2_9ce4)) + ".preview"
    }

    /// Whether `name` is one the cache made: an entry, or an entry's temporary file.
    static func isOurs(_ name: String) -> Bool {
        let utf8 = Array(name.utf8)
        guard utf8.count >= 40, utf8[..<32].allSatisfy(isHexDigit) else { return false }
        return name.dropFirst(32).hasPrefix(".preview")
    }

    /// Whether `url` can be an entry's key: one line, not too long.
    static func canKey(_ url: String) -> Bool {
        !url.isEmpty && url.utf8.count <= longestURL && !url.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D })
    }

    static func encode(_ body: [UInt8], url: String) -> [UInt8] {
        let head = "\(magic) \(body.count) \(hex(fnv1a(body, seed: 0xcbf2_9ce4_8422_2325)))\n\(url)\n"
        return Array(head.utf8) + body
    }

    /// What a file at an entry's name holds for `url`.
    enum Reading: Equatable {
        case body([UInt8])
        /// A whole entry for another URL whose name hashes alike: left for that URL.
        case anotherURL
        /// Truncated, damaged, or not an entry at all.
        case corrupt
    }

    static func decode(_ file: [UInt8], url: String) -> Reading {
        guard let end = file.prefix(80).firstIndex(of: 0x0A),
              let head = String(validating: file[..<end], as: UTF8.self) else { return .corrupt }
        let fields = head.split(separator: " ")
        guard fields.count == 4, "\(fields[0]) \(fields[1])" == magic,
              let length = Bounded.size(fields[2]), fields[3].utf8.count == 16 else { return .corrupt }
        let urlStart = end + 1
        guard let urlEnd = file[urlStart...].prefix(longestURL + 1).firstIndex(of: 0x0A) else { return .corrupt }
        let body = Array(file[(urlEnd + 1)...])
        guard Int64(body.count) == length, hex(fnv1a(body, seed: 0xcbf2_9ce4_8422_2325)) == fields[3] else { return .corrupt }
        return file[urlStart..<urlEnd].elementsEqual(url.utf8) ? .body(body) : .anotherURL
    }

    private static func fnv1a(_ bytes: [UInt8], seed: UInt64) -> UInt64 {
        var hash = seed
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte)
    }
}
