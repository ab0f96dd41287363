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
    case assets, image, progressVideo, generationType, model, resolution, hasMore
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
    var seen: [String] = []
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
}
