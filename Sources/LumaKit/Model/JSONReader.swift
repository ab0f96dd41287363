#if canImport(Glibc)
import Glibc
#endif

/// Why bytes could not be read as what was wanted. The reasons say what `JSONDecoder` said, so
/// messages and tests stay the same: a broken document is "not JSON", a wrong value names its path.
public enum JSONReadError: Error, Hashable, Sendable {
    case notJSON
    case expected(String, path: [String])
    case missing(String, path: [String])
    case invalid(String, path: [String])

    /// The same error one key further out.
    func at(_ key: String) -> JSONReadError {
        switch self {
        case .notJSON: .notJSON
        case .expected(let what, let path): .expected(what, path: [key] + path)
        case .missing(let what, let path): .missing(what, path: [key] + path)
        case .invalid(let what, let path): .invalid(what, path: [key] + path)
        }
    }

    public var reason: String {
        func joined(_ path: [String]) -> String {
            path.isEmpty ? "the body" : path.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch self {
        case .notJSON: return "not JSON"
        case .expected(let what, let path): return "\(joined(path)): expected \(what)"
        case .missing(let key, let path): return "missing \"\(key)\"" + (path.isEmpty ? "" : " in \(joined(path))")
        case .invalid(let what, let path): return "\(joined(path)): \(what)"
        }
    }
}

/// The keys any answer or state-file record uses; everything else is `other` and skipped.
enum JSONKey {
    case id, state, video, videoRaw, thumbnail, lastFrame, artifact, request, createdAt, failureReason
    case prompt, userPrompt, aspectRatio
    case url, width, height, downloadURL, duration, mediaType, palette, grid
    case version, generations, trackedAt, stateChangedAt, lastPolledAt, answer, savedPath, repeats
    case other
}

/// A JSON reader over bytes in memory that builds values as it meets them, without a tree in
/// between. The caller keeps the bytes alive. Strictly RFC 8259, as `JSONDecoder` is: what that
/// refuses this refuses, so a body is "not JSON" for both.
struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var pos = 0
    private var depth = 0
    /// Strings longer than a small string already read from this document, by position: an
    /// answer repeats each URL up to six times, and one storage for all is what keeps 10,000
    /// answers small.
    private var seen: [String] = []
    /// The palette read last, by its grid: the artifact repeats the thumbnail's.
    var lastPalette: (grid: String, palette: Palette)?
    /// Past this, a document is refused rather than read with ever more stack (JSONDecoder's limit).
    static let maxDepth = 512

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    // MARK: structure

    @inline(__always) mutating func skipSpace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x0A, 0x0D, 0x09: pos += 1
            default: return
            }
        }
    }

    /// The next byte that is not white space, not consumed; nil at the end.
    @inline(__always) mutating func peek() -> UInt8? {
        skipSpace()
        return pos < bytes.count ? bytes[pos] : nil
    }

    /// Only white space may follow the value read.
    mutating func end() throws(JSONReadError) {
        skipSpace()
        if pos != bytes.count { throw .notJSON }
    }

    /// `null` is consumed and answers true; anything else is left.
    mutating func null() throws(JSONReadError) -> Bool {
        guard peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// Enters an object, or says what was there instead as a wrong type.
    mutating func beginObject() throws(JSONReadError) {
        try open(UInt8(ascii: "{"), "an object")
    }

    mutating func beginArray() throws(JSONReadError) {
        try open(UInt8(ascii: "["), "an array")
    }

    private mutating func open(_ bracket: UInt8, _ what: String) throws(JSONReadError) {
        guard let c = peek() else { throw .notJSON }
        guard c == bracket else {
            try skipValue()  // a wrong type, unless it is not JSON at all
            throw .expected(what, path: [])
        }
        depth += 1
        if depth > Self.maxDepth { throw .notJSON }
        pos += 1
    }

    /// The next key of the object entered, nil after its closing brace. `first` starts true.
    mutating func nextKey(_ first: inout Bool) throws(JSONReadError) -> JSONKey? {
        guard let c = peek() else { throw .notJSON }
        if c == UInt8(ascii: "}") { pos += 1; depth -= 1; return nil }
        if !first {
            guard c == UInt8(ascii: ",") else { throw .notJSON }
            pos += 1
            guard peek() == UInt8(ascii: "\"") else { throw .notJSON }
        }
        first = false
        let key = try readKey()
        guard peek() == UInt8(ascii: ":") else { throw .notJSON }
        pos += 1
        return key
    }

    /// True while the array entered has another element; false after its closing bracket.
    mutating func nextElement(_ first: inout Bool) throws(JSONReadError) -> Bool {
        guard let c = peek() else { throw .notJSON }
        if c == UInt8(ascii: "]") { pos += 1; depth -= 1; return false }
        if !first {
            guard c == UInt8(ascii: ",") else { throw .notJSON }
            pos += 1
            guard peek() != nil else { throw .notJSON }
        }
        first = false
        return true
    }

    /// Reads past one value of any kind, checking it is JSON.
    mutating func skipValue() throws(JSONReadError) {
        guard let c = peek() else { throw .notJSON }
        switch c {
        case UInt8(ascii: "\""): try scanString()
        case UInt8(ascii: "{"):
            try beginObject()
            var first = true
            while try nextKey(&first) != nil { try skipValue() }
        case UInt8(ascii: "["):
            try beginArray()
            var first = true
            while try nextElement(&first) { try skipValue() }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: _ = try scanNumber()
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONReadError) {
        let n = word.utf8CodeUnitCount
        guard bytes.count - pos >= n, memcmp(bytes.baseAddress! + pos, word.utf8Start, n) == 0 else { throw .notJSON }
        pos += n
    }

    /// Back to a known nesting, after reading an element again from its start.
    mutating func resetDepth(to level: Int) { depth = level }

    // MARK: strings

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

    private mutating func scanString() throws(JSONReadError) {
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
        case 5: if eq("state") { return .state }; if eq("video") { return .video }; if eq("width") { return .width }
        case 6: if eq("height") { return .height }; if eq("prompt") { return .prompt }; if eq("answer") { return .answer }
        case 7:
            if eq("request") { return .request }; if eq("palette") { return .palette }
            if eq("version") { return .version }; if eq("repeats") { return .repeats }
        case 8: if eq("artifact") { return .artifact }; if eq("duration") { return .duration }
        case 9: if eq("thumbnail") { return .thumbnail }; if eq("video_raw") { return .videoRaw }
        case 10:
            if eq("last_frame") { return .lastFrame }; if eq("created_at") { return .createdAt }
            if eq("media_type") { return .mediaType }; if eq("saved_path") { return .savedPath }
            if eq("tracked_at") { return .trackedAt }
        case 11: if eq("user_prompt") { return .userPrompt }; if eq("generations") { return .generations }
        case 12: if eq("aspect_ratio") { return .aspectRatio }; if eq("download_url") { return .downloadURL }
        case 14: if eq("failure_reason") { return .failureReason }; if eq("last_polled_at") { return .lastPolledAt }
        case 16: if eq("state_changed_at") { return .stateChangedAt }
        default: break
        }
        return .other
    }
}
