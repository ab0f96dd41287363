import Foundation

/// Strings and keys: plain runs are taken as they are, escapes decoded, long repeats shared.
extension JSONReader {
    /// A string; null and other kinds are wrong types here (the caller handles null first).
    mutating func string() throws(JSONReadError) -> String {
        guard let c = peek() else { throw .notJSON }
        guard c == UInt8(ascii: "\"") else { try skipValue(); throw .expected("String", path: []) }
        return try readString()
    }

    /// A string, or nil for null.
    mutating func optionalString() throws(JSONReadError) -> String? {
        if try null() { return nil }
        return try string()
    }

    /// The bytes of a string without escapes, in place; nil when it has escapes (read it then).
    private mutating func plainRun() throws(JSONReadError) -> (start: Int, count: Int, ascii: Bool)? {
        let start = pos + 1
        var i = start
        var high: UInt8 = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                pos = i + 1
                return (start, i - start, high < 0x80)
            }
            if b == UInt8(ascii: "\\") { return nil }
            if b < 0x20 { throw .notJSON }
            high |= b
            i += 1
        }
        throw .notJSON
    }

    private mutating func readString() throws(JSONReadError) -> String {
        guard let run = try plainRun() else { return shared(try escapedString()) }
        let slice = UnsafeBufferPointer(rebasing: bytes[run.start..<run.start + run.count])
        if run.count > 15 {  // longer ones live on the heap: share equal ones
            for s in seen where s.utf8.count == run.count {
                let equal = s.utf8.withContiguousStorageIfAvailable { memcmp($0.baseAddress!, slice.baseAddress!, run.count) == 0 }
                if equal == true { return s }
            }
        }
        let value: String
        if run.ascii {
            value = String(decoding: slice, as: UTF8.self)
        } else {
            guard let valid = String(validating: slice, as: UTF8.self) else { throw .notJSON }
            value = valid
        }
        if run.count > 15 { remember(value) }
        return value
    }

    /// An equal string read before in this document, else this one (remembered).
    private mutating func shared(_ value: String) -> String {
        guard value.utf8.count > 15 else { return value }
        if let same = seen.first(where: { $0 == value }) { return same }
        remember(value)
        return value
    }

    private mutating func remember(_ value: String) {
        if seen.isEmpty { seen.reserveCapacity(8) }
        seen.append(value)
    }

    mutating func scanString() throws(JSONReadError) {
        _ = try readString()
    }

    /// The slow way, for strings with backslashes.
    private mutating func escapedString() throws(JSONReadError) -> String {
        var out: [UInt8] = []
        pos += 1
        while true {
            guard pos < bytes.count else { throw .notJSON }
            let b = bytes[pos]
            pos += 1
            switch b {
            case UInt8(ascii: "\""):
                guard let s = String(validating: out, as: UTF8.self) else { throw .notJSON }
                return s
            case UInt8(ascii: "\\"):
                guard pos < bytes.count else { throw .notJSON }
                let e = bytes[pos]
                pos += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        // A high surrogate must be followed by an escaped low one.
                        guard bytes.count - pos >= 2, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u")
                        else { throw .notJSON }
                        pos += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw .notJSON }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        throw .notJSON
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw .notJSON }
                    out.append(contentsOf: UTF8.encode(u)!)
                default: throw .notJSON
                }
            default:
                if b < 0x20 { throw .notJSON }
                out.append(b)
            }
        }
    }

    private mutating func hex4() throws(JSONReadError) -> UInt32 {
        guard bytes.count - pos >= 4 else { throw .notJSON }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[pos]
            pos += 1
            let d: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
            default: throw .notJSON
            }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    mutating func readKey() throws(JSONReadError) -> JSONKey {
        guard peek() == UInt8(ascii: "\"") else { throw .notJSON }
        if let run = try plainRun() {
            return Self.key(UnsafeBufferPointer(rebasing: bytes[run.start..<run.start + run.count]))
        }
        var s = try escapedString()
        return s.withUTF8 { Self.key($0) }
    }

    static func key(_ k: UnsafeBufferPointer<UInt8>) -> JSONKey {
        @inline(__always) func eq(_ name: StaticString) -> Bool {
            memcmp(k.baseAddress!, name.utf8Start, k.count) == 0
        }
        switch k.count {
        case 2: if eq("id") { return .id }
        case 3: if eq("url") { return .url }
        case 4: if eq("grid") { return .grid }
        case 5:
            if eq("state") { return .state }; if eq("video") { return .video }; if eq("width") { return .width }
            if eq("image") { return .image }; if eq("model") { return .model }
        case 6:
            if eq("height") { return .height }; if eq("prompt") { return .prompt }; if eq("answer") { return .answer }
            if eq("assets") { return .assets }
        case 7:
            if eq("request") { return .request }; if eq("palette") { return .palette }
            if eq("version") { return .version }; if eq("repeats") { return .repeats }
        case 8:
            if eq("artifact") { return .artifact }; if eq("duration") { return .duration }
            if eq("has_more") { return .hasMore }
        case 9: if eq("thumbnail") { return .thumbnail }; if eq("video_raw") { return .videoRaw }
        case 10:
            if eq("last_frame") { return .lastFrame }; if eq("created_at") { return .createdAt }
            if eq("media_type") { return .mediaType }; if eq("saved_path") { return .savedPath }
            if eq("tracked_at") { return .trackedAt }; if eq("resolution") { return .resolution }
        case 11: if eq("user_prompt") { return .userPrompt }; if eq("generations") { return .generations }
        case 12: if eq("aspect_ratio") { return .aspectRatio }; if eq("download_url") { return .downloadURL }
        case 14:
            if eq("failure_reason") { return .failureReason }; if eq("last_polled_at") { return .lastPolledAt }
            if eq("progress_video") { return .progressVideo }
        case 15: if eq("generation_type") { return .generationType }
        case 16: if eq("state_changed_at") { return .stateChangedAt }
        default: break
        }
        return .other
    }
}
