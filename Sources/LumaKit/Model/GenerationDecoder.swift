import Foundation

/// Turns a body into a `Generation`, or into a typed error that quotes what arrived.
public enum GenerationDecoder {
    public static func decode(_ body: Data) throws(APIError) -> Generation {
        do {
            return try JSONDecoder().decode(Generation.self, from: body)
        } catch let error as DecodingError {
            throw .decoding(reason: describe(error), excerpt: excerpt(of: body))
        } catch {
            throw .decoding(reason: "not JSON", excerpt: excerpt(of: body))
        }
    }

    /// The answer of the batch query: a bare array. An element that is not a generation is left
    /// out (its id is then asked on its own), so one odd entry does not spoil the other 49.
    public static func decodeBatch(_ body: Data) throws(APIError) -> [Generation] {
        do {
            return try JSONDecoder().decode([Lenient].self, from: body).compactMap(\.generation)
        } catch {
            throw .decoding(reason: "not a JSON array", excerpt: excerpt(of: body))
        }
    }

    private struct Lenient: Decodable {
        let generation: Generation?
        init(from decoder: any Decoder) throws { generation = try? Generation(from: decoder) }
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
