import Foundation

extension OrderField {
    /// `KEY=VALUE` as `--field` takes it: VALUE as JSON when it reads as JSON, else as a string
    /// (`--field seed=7` sends a number, `--field style=noir` a string, `--field 'n="7"'` a string).
    public init(parsing argument: String) throws(OrderInvalid) {
        guard let equals = argument.firstIndex(of: "=") else {
            throw OrderInvalid("--field \"\(UntrustedText.line(argument))\" is not KEY=VALUE")
        }
        let key = String(argument[..<equals])
        let value = String(argument[argument.index(after: equals)...])
        try Self.check(key: key)
        self.init(key: key, value: JSONValue.parse(value) ?? .string(value))
    }

    /// A key a JSON body can carry and a reader can see: not empty, no control characters.
    static func check(key: String) throws(OrderInvalid) {
        guard !key.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw OrderInvalid("--field needs a KEY before \"=\"")
        }
        guard !key.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw OrderInvalid("--field key \"\(UntrustedText.line(key))\" has control characters")
        }
    }
}

extension GenerationOrder {
    /// "create" or "extend", for messages.
    public var verb: String {
        switch kind {
        case .create: "create"
        case .extend: "extend"
        }
    }
}
