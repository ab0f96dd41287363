import Foundation
#if canImport(Glibc)
import Glibc
#endif

// Reading `tracked.json` (the state file before the database, read once to import it) a record
// at a time: the file is read in chunks and each record is built from its bytes and forgotten, so
// neither the whole file nor a tree of it is ever in memory.

/// The state file's contents as read, before the version is judged: its records, each made into
/// what the caller keeps as soon as it is read.
struct TrackedContents<Item> {
    var version: Int
    var records: [Item]
}

extension TrackedRecord {
    init(reading r: inout JSONReader) throws(JSONReadError) {
        try r.beginObject()
        var id: String?, trackedAt: Date?, stateChangedAt: Date?, lastPolledAt: Date?
        var answer: Generation?, savedPath: String?
        var first = true
        while let key = try r.nextKey(&first) {
            do throws(JSONReadError) {
                switch key {
                case .id: id = try r.required { (r: inout JSONReader) throws(JSONReadError) in try r.string() }
                case .trackedAt: trackedAt = try r.required { (r: inout JSONReader) throws(JSONReadError) in try r.time() }
                case .stateChangedAt: stateChangedAt = try r.null() ? nil : try r.time()
                case .lastPolledAt: lastPolledAt = try r.null() ? nil : try r.time()
                case .answer: answer = try r.null() ? nil : try Generation(reading: &r)
                case .savedPath: savedPath = try r.optionalString()
                default: try r.skipValue()
                }
            } catch {
                throw error.at(Generation.name(key))
            }
        }
        guard let id else { throw .missing("id", path: []) }
        guard let trackedAt else { throw .missing("tracked_at", path: []) }
        self.init(id: id, trackedAt: trackedAt, stateChangedAt: stateChangedAt, lastPolledAt: lastPolledAt,
                  answer: answer, savedPath: savedPath)
    }
}

extension JSONReader {
    /// A time the state file wrote: unlike an answer's, one it cannot read makes the file corrupt.
    mutating func time() throws(JSONReadError) -> Date {
        let text = try string()
        guard let date = WireDate.parse(text) else { throw .invalid("not an ISO 8601 time: \(text)", path: []) }
        return date
    }
}


/// The file in chunks, with the next whole JSON value kept contiguous for `JSONReader`.
struct TrackedFileStream {
    private let fd: Int32
    private var buffer: [UInt8]
    private var start = 0, end = 0, atEOF = false

    init(fd: Int32, chunk: Int) {
        self.fd = fd
        buffer = [UInt8](repeating: 0, count: chunk)
    }

    /// The document: `{"generations": [record, …], "version": n}`, keys in any order, others skipped.
    static func read(fd: Int32, chunk: Int = 256 * 1024) throws(JSONReadError) -> TrackedContents<TrackedRecord> {
        try read(fd: fd, chunk: chunk) { $0 }
    }

    static func read<Item>(fd: Int32, chunk: Int = 256 * 1024,
                           _ keep: (TrackedRecord) -> Item) throws(JSONReadError) -> TrackedContents<Item> {
        var s = TrackedFileStream(fd: fd, chunk: chunk)
        guard let open = try s.peek() else { throw .notJSON }
        guard open == UInt8(ascii: "{") else { throw .expected("an object", path: []) }
        s.start += 1
        var version: Int?, records: [Item]?
        var first = true
        while true {
            guard let c = try s.peek() else { throw .notJSON }
            if c == UInt8(ascii: "}") { s.start += 1; break }
            if !first {
                guard c == UInt8(ascii: ",") else { throw .notJSON }
                s.start += 1
            }
            first = false
            let key = try s.value { (r: inout JSONReader) throws(JSONReadError) in try r.readKey() }
            guard try s.peek() == UInt8(ascii: ":") else { throw .notJSON }
            s.start += 1
            switch key {
            case .version:
                do throws(JSONReadError) {
                    version = try s.value { (r: inout JSONReader) throws(JSONReadError) in
                        if try r.null() { throw .expected("Int, found null", path: []) }
                        return try r.int()
                    }
                } catch { throw error.at("version") }
            case .generations:
                records = try s.records(keep)
            default:
                try s.value { (r: inout JSONReader) throws(JSONReadError) in try r.skipValue() }
            }
        }
        guard try s.peek() == nil else { throw .notJSON }
        guard let records else { throw .missing("generations", path: []) }
        guard let version else { throw .missing("version", path: []) }
        return TrackedContents(version: version, records: records)
    }

    private mutating func records<Item>(_ keep: (TrackedRecord) -> Item) throws(JSONReadError) -> [Item] {
        guard let open = try peek() else { throw .notJSON }
        guard open == UInt8(ascii: "[") else {
            try value { (r: inout JSONReader) throws(JSONReadError) in try r.skipValue() }
            throw .expected("an array", path: ["generations"])
        }
        start += 1
        var out: [Item] = []
        while true {
            guard let c = try peek() else { throw .notJSON }
            if c == UInt8(ascii: "]") { start += 1; return out }
            if !out.isEmpty {
                guard c == UInt8(ascii: ",") else { throw .notJSON }
                start += 1
            }
            do throws(JSONReadError) {
                out.append(keep(try value { (r: inout JSONReader) throws(JSONReadError) in try TrackedRecord(reading: &r) }))
            } catch {
                throw error.at("[\(out.count)]").at("generations")
            }
        }
    }

    /// Reads the next value with `body`, which must use all of it.
    private mutating func value<T>(_ body: (inout JSONReader) throws(JSONReadError) -> T) throws(JSONReadError) -> T {
        let length = try extent()
        let from = start
        start += length
        let result = buffer.withUnsafeBufferPointer { all -> Result<T, JSONReadError> in
            var r = JSONReader(UnsafeBufferPointer(rebasing: all[from..<from + length]))
            do throws(JSONReadError) {
                let value = try body(&r)
                try r.end()
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The next byte that is not white space, not consumed; nil at the end of the file.
    private mutating func peek() throws(JSONReadError) -> UInt8? {
        while true {
            while start < end {
                switch buffer[start] {
                case 0x20, 0x0A, 0x0D, 0x09: start += 1
                default: return buffer[start]
                }
            }
            guard try more() else { return nil }
        }
    }

    /// How many bytes from `start` the next value takes, reading more of the file until it is all
    /// in the buffer. Only finds its end (strings, brackets); `JSONReader` checks it.
    private mutating func extent() throws(JSONReadError) -> Int {
        guard try peek() != nil else { throw .notJSON }
        var i = 0, depth = 0, inString = false, escaped = false
        let opening = buffer[start]
        let scalar = opening != UInt8(ascii: "{") && opening != UInt8(ascii: "[") && opening != UInt8(ascii: "\"")
        while true {
            while start + i < end {
                let b = buffer[start + i]
                i += 1
                if inString {
                    if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") {
                        inString = false
                        if depth == 0 { return i }
                    }
                    continue
                }
                switch b {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if scalar { return i - 1 }
                    depth -= 1
                    if depth == 0 { return i }
                case UInt8(ascii: ","), 0x20, 0x0A, 0x0D, 0x09:
                    if scalar { return i - 1 }
                default: break
                }
            }
            // The rest of the file is the value, if it ends here; the reader says if it is whole.
            guard try more() else { return i }
        }
    }

    /// Moves what is left to the front and reads more after it; false at the end of the file.
    private mutating func more() throws(JSONReadError) -> Bool {
        if atEOF { return false }
        if start > 0 {
            let kept = end - start
            buffer.withUnsafeMutableBufferPointer { b in
                _ = memmove(b.baseAddress!, b.baseAddress! + start, kept)
            }
            start = 0
            end = kept
        }
        if end == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
        while true {
            let n = buffer.withUnsafeMutableBufferPointer { b in Glibc.read(fd, b.baseAddress! + end, b.count - end) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .invalid("cannot read it (\(String(cString: strerror(errno))))", path: [])
            }
            if n == 0 { atEOF = true; return false }
            end += n
            return true
        }
    }
}
