import LumaKit

/// Keys as people write them in the config file (`Q`, `PgDn`, `C-x`, `^X`) and as help shows them.
public enum KeyName {
    /// Named keys, matched without regard to case; help shows the first spelling of each.
    static let named: [(names: [String], key: Key)] = [
        (["Up", "↑"], .up), (["Down", "↓"], .down), (["Left", "←"], .left), (["Right", "→"], .right),
        (["Home"], .home), (["End"], .end), (["PgUp", "PageUp"], .pageUp), (["PgDn", "PageDown"], .pageDown),
        (["Enter", "Return"], .enter), (["Tab"], .tab), (["S-Tab", "BackTab"], .backTab),
        (["Esc", "Escape"], .escape), (["Backspace"], .backspace), (["Del", "Delete"], .delete),
        (["Space"], .char(" ")),
    ]

    /// Control keys the terminal delivers as another key.
    static let controlTwins: [Character: String] = ["h": "Backspace", "i": "Tab", "j": "Enter", "m": "Enter"]

    /// How help and the hint bar show a key.
    public static func display(_ key: Key) -> String {
        switch key {
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .ctrl(let c): "^" + String(c).uppercased()
        case .char(" "): "Space"
        case .char(let c): String(c)
        case .paste: ""
        default: named.first { $0.key == key }!.names[0]
        }
    }

    /// The key `text` names, or why it names none.
    public static func parse(_ text: String) -> Result<Key, KeyNameError> {
        if text.count == 1, let c = text.first, !c.isWhitespace, c.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) {
            if let arrow = named.first(where: { $0.names.contains(text) }) { return .success(arrow.key) }
            return .success(.char(c))
        }
        if let entry = named.first(where: { $0.names.contains { $0.lowercased() == text.lowercased() } }) {
            return .success(entry.key)
        }
        for prefix in ["C-", "c-", "^", "Ctrl-", "ctrl-"] where text.hasPrefix(prefix) && text.count == prefix.count + 1 {
            let letter = Character(text.last!.lowercased())
            guard letter.isASCII, letter.isLetter else { return .failure(KeyNameError(text: text, why: "only C-a to C-z are control keys")) }
            if let twin = controlTwins[letter] { return .failure(KeyNameError(text: text, why: "the terminal sends it as \(twin): use \(twin)")) }
            return .success(.ctrl(letter))
        }
        return .failure(KeyNameError(text: text, why: "use one character, C-x or ^X, or one of " + named.map(\.names[0]).joined(separator: " ")))
    }
}

public struct KeyNameError: Error, Hashable, Sendable, CustomStringConvertible {
    public let text: String
    public let why: String
    public var description: String { "unknown key \"\(UntrustedText.line(text))\": \(why)" }
}
