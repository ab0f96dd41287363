import Foundation

extension JSONValue {
    /// Any JSON document as a value, keys in the order written; nil when it is not JSON. Read with
    /// the project's one reader, so what an answer's decoder refuses this refuses too.
    public static func parse(_ data: Data) -> JSONValue? {
        data.withUnsafeBytes { raw -> JSONValue? in
            var reader = JSONReader(raw.bindMemory(to: UInt8.self))
            guard let value = try? reader.anyValue(), (try? reader.end()) != nil else { return nil }
            return value
        }
    }

    public static func parse(_ text: String) -> JSONValue? { parse(Data(text.utf8)) }

    /// The value under `key` of an object; nil for other kinds or a missing key.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.last { $0.0 == key }?.1
    }

    /// The text of a string value.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}

extension JSONReader {
    /// One value of any kind.
    mutating func anyValue() throws(JSONReadError) -> JSONValue {
        guard let c = peek() else { throw .notJSON }
        switch c {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "{"):
            try beginObject()
            var pairs: [(String, JSONValue)] = []
            var first = true
            while true {
                let keyAt = keyStart(first: first)
                guard try nextKey(&first) != nil else { break }
                pairs.append((try keyText(at: keyAt), try anyValue()))
            }
            return .object(pairs)
        case UInt8(ascii: "["):
            try beginArray()
            var items: [JSONValue] = []
            var first = true
            while try nextElement(&first) { items.append(try anyValue()) }
            return .array(items)
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            let start = pos
            try skipValue()
            return .bool(bytes[start] == UInt8(ascii: "t"))
        case UInt8(ascii: "n"):
            try skipValue()
            return .null
        default:
            let n = try scanNumber()
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[n.start..<n.end]), as: UTF8.self)
            if n.integer, let i = Int(text) { return .int(i) }
            guard let d = Double(text), d.isFinite else { throw .invalid("number does not fit in Double", path: []) }
            return .number(d)
        }
    }

    /// Where the next key's opening quote is, past white space and (after the first) a comma;
    /// `nextKey` checks the grammar, this only finds the place to read the key's text again.
    private func keyStart(first: Bool) -> Int {
        var at = pos
        func skip() { while at < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[at]) { at += 1 } }
        skip()
        if !first, at < bytes.count, bytes[at] == UInt8(ascii: ",") { at += 1; skip() }
        return at
    }

    private func keyText(at start: Int) throws(JSONReadError) -> String {
        var key = JSONReader(bytes)
        key.pos = start
        return try key.string()
    }
}
