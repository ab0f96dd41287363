import Foundation

/// The service's own words in an error body, whichever shape its relay uses:
/// `{"error": {"message": …}}`, `{"error": "…"}`, `{"detail": "…"}`, `{"detail": {"reason": …}}`,
/// `{"detail": [{"msg": …}]}`, `{"code": …, "message": …}`; else the start of the body. Always one
/// clean line.
public enum ServiceMessage {
    static let longest = 300

    public static func from(_ body: Data) -> String {
        if let value = JSONValue.parse(body), let words = words(in: value), !words.isEmpty {
            return line(words)
        }
        let start = String(decoding: body.prefix(longest * 4), as: UTF8.self)
        let text = line(start)
        return text.isEmpty ? "no message" : text
    }

    private static func words(in value: JSONValue) -> String? {
        if let error = value["error"] {
            if let text = error.stringValue { return text }
            if let text = error["message"]?.stringValue ?? error["reason"]?.stringValue { return text }
            if let code = text(error["code"]) { return code }
        }
        if let detail = value["detail"] {
            if let text = detail.stringValue { return text }
            if let text = detail["reason"]?.stringValue ?? detail["message"]?.stringValue { return text }
            if case .array(let items) = detail, let text = items.first?["msg"]?.stringValue { return text }
            if let code = text(detail["code"]) { return code }
        }
        if let message = value["message"]?.stringValue, !message.isEmpty { return message }
        return text(value["code"])
    }

    /// A code as text, whether the relay sent it as a string or a number.
    private static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let s)?: s
        case .int(let i)?: String(i)
        default: nil
        }
    }

    private static func line(_ text: String) -> String {
        let clean = UntrustedText.line(text).trimmingCharacters(in: .whitespaces)
        return clean.count > longest ? String(clean.prefix(longest - 1)) + "…" : clean
    }
}
