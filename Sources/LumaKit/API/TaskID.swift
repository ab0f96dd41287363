/// Why a task id was refused before any request was made.
public struct InvalidTaskID: Error, Hashable, Sendable, CustomStringConvertible {
    public let id: String
    public let reason: String
    public var description: String { "invalid task id \(TaskID.quoted(id)): \(reason)" }
}

/// Task ids go into a URL path, so only a safe alphabet passes: letters, digits, `-` and `_`,
/// 1 to 128 characters. That rules out `/`, `..`, spaces and control characters.
public enum TaskID {
    public static let maxLength = 128

    public static func validate(_ id: String) throws(InvalidTaskID) {
        if id.isEmpty { throw InvalidTaskID(id: id, reason: "it is empty") }
        if id.unicodeScalars.count > maxLength {
            throw InvalidTaskID(id: id, reason: "longer than \(maxLength) characters")
        }
        for scalar in id.unicodeScalars where !isAllowed(scalar) {
            let what: String = switch scalar {
            case "/": "it contains '/'"
            case " ": "it contains a space"
            case _ where UntrustedText.isControl(scalar): "it contains a control character"
            case _ where UntrustedText.isInvisible(scalar): "it contains an invisible character \(UntrustedText.marker(scalar))"
            default: "it contains '\(scalar)' (only letters, digits, '-' and '_' are allowed)"
            }
            throw InvalidTaskID(id: id, reason: what)
        }
    }

    public static func isValid(_ id: String) -> Bool { (try? validate(id)) != nil }

    static func isAllowed(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_": true
        default: false
        }
    }

    /// An id quoted for a message, with anything unprintable escaped so it cannot reach a terminal raw.
    public static func quoted(_ id: String) -> String {
        var out = "\""
        for scalar in id.unicodeScalars.prefix(maxLength + 8) {
            if UntrustedText.isControl(scalar) || UntrustedText.isInvisible(scalar) {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
