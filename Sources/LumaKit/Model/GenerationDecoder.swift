import Foundation

/// Turns a body into a `Generation`, or into a typed error that quotes what arrived.
public enum GenerationDecoder {
    public static func decode(_ body: Data) throws(APIError) -> Generation {
        let result = body.withUnsafeBytes { raw -> Result<Generation, APIError> in
            do throws(APIError) { return .success(try decode(bytes: raw.bindMemory(to: UInt8.self))) } catch { return .failure(error) }
        }
        return try result.get()
    }

    public static func decode(bytes: UnsafeBufferPointer<UInt8>) throws(APIError) -> Generation {
        let result = read(bytes) { (r: inout JSONReader) throws(JSONReadError) in try Generation(reading: &r) }
        switch result {
        case .success(let g): return g
        case .failure(let error): throw .decoding(reason: error.reason, excerpt: excerpt(of: Data(bytes)))
        }
    }

    /// The answer of the batch query: a bare array. An element that is not a generation is left
    /// out (its id is then asked on its own), so one odd entry does not spoil the other 49.
    public static func decodeBatch(_ body: Data) throws(APIError) -> [Generation] {
        let result = body.withUnsafeBytes { raw -> Result<[Generation], JSONReadError> in
            read(raw.bindMemory(to: UInt8.self)) { (r: inout JSONReader) throws(JSONReadError) in
                try r.generations(depth: 1).generations
            }
        }
        switch result {
        case .success(let g): return g
        case .failure: throw .decoding(reason: "not a JSON array", excerpt: excerpt(of: body))
        }
    }

    /// One value read whole, or why not. A wrong type is reported only when the rest is JSON:
    /// a body cut short is "not JSON" wherever the first odd value sits, as with JSONDecoder.
    static func read<T>(_ bytes: UnsafeBufferPointer<UInt8>,
                        _ body: (inout JSONReader) throws(JSONReadError) -> T) -> Result<T, JSONReadError> {
        var r = JSONReader(bytes)
        do throws(JSONReadError) {
            let value = try body(&r)
            try r.end()
            return .success(value)
        } catch .notJSON {
            return .failure(.notJSON)
        } catch {
            var check = JSONReader(bytes)
            do throws(JSONReadError) {
                try check.skipValue()
                try check.end()
            } catch {
                return .failure(.notJSON)
            }
            return .failure(error)
        }
    }

    /// The first 80 characters of a body, on one line, with control characters made visible.
    public static func excerpt(of body: Data, limit: Int = 80) -> String {
        let text = String(decoding: body.prefix(limit * 4), as: UTF8.self)
        var out = ""
        for scalar in text.unicodeScalars {
            if out.count >= limit { out += "…"; break }
            switch scalar.value {
            case 0x0A, 0x0D, 0x09: out += " "
            case 0..<0x20, 0x7F..<0xA0: out += "�"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the body" : keys.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "\(path(context)): expected \(type), found null"
        case .keyNotFound(let key, let context):
            let at = context.codingPath.isEmpty ? "" : " in \(path(context))"
            return "missing \"\(key.stringValue)\"\(at)"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "not JSON" }
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "unreadable answer"
        }
    }
}

extension JSONReader {
    /// An array's generations and how many entries it had: an entry that is not a generation is
    /// skipped whole. `depth`: the nesting of the array.
    mutating func generations(depth: Int) throws(JSONReadError) -> (generations: [Generation], entries: Int) {
        var out: [Generation] = []
        var entries = 0
        try beginArray()
        var first = true
        while try nextElement(&first) {
            entries += 1
            if let g = try tolerant(depth: depth, { (r: inout JSONReader) throws(JSONReadError) in try Generation(reading: &r) }) {
                out.append(g)
            }
        }
        return (out, entries)
    }
}
