import LumaKit
import TOMLKit

/// The `[keys]` table: `action = "key"` or `action = ["key", …]`. A binding replaces that action's
/// default keys (`[]` leaves it without one). No key may run two actions, counting the defaults
/// of the actions left alone; with any problem the whole table is set aside and the default keys
/// hold, so a half-applied table never surprises.
public enum KeyBindings {
    public struct Problem: Hashable, Sendable {
        public let line: Int
        public let message: String
    }

    /// Ctrl-C quits from anywhere, whatever the table says: the way out must not be lost.
    static let alwaysQuits = Key.ctrl("c")

    static func read(_ table: TOMLTable, lines: ConfigLines) -> (Keymap, [Problem]) {
        var problems: [Problem] = []
        var chosen: [(command: Command, keys: [Key], line: Int)] = []
        let names = Command.allCases.map(\.rawValue)
        for name in table.keys.sorted(by: { lines["keys.\($0)"] < lines["keys.\($1)"] }) {
            let line = lines["keys.\(name)"]
            guard let command = Command(rawValue: name) else {
                let near = NearestWord.to(name, among: names).map { " (did you mean \"\($0)\"?)" } ?? ""
                problems.append(Problem(line: line, message: "unknown action \"\(name)\"\(near); the actions are `lumatop config --default`'s [keys]"))
                continue
            }
            var keys: [Key] = []
            let read = Reading(key: "keys.\(name)", value: table[name]!)
            var wrong: String?
            guard let words = read.strings({ _, message in wrong = message }) else {
                problems.append(Problem(line: line, message: wrong ?? "\(name) must be a key or a list of keys"))
                continue
            }
            for word in words {
                switch KeyName.parse(word) {
                case .failure(let error): problems.append(Problem(line: line, message: "\(name): \(error)"))
                case .success(let key):
                    if key == alwaysQuits, command != .quit {
                        problems.append(Problem(line: line, message: "\(name): ^C always quits; choose another key"))
                    } else if !keys.contains(key) {
                        keys.append(key)
                    }
                }
            }
            chosen.append((command, keys, line))
        }
        problems += clashes(chosen)
        guard problems.isEmpty else { return (.default, problems) }
        var keymap = Keymap.default
        for c in chosen { keymap = keymap.replacing(c.command, with: c.keys) }
        return (keymap, [])
    }

    /// Two actions on one key: two of the table's, or one of the table's and the default of an
    /// action it leaves alone.
    private static func clashes(_ chosen: [(command: Command, keys: [Key], line: Int)]) -> [Problem] {
        var problems: [Problem] = []
        var owner: [Key: (command: Command, line: Int?)] = [:]
        let rebound = Set(chosen.map(\.command))
        for b in Keymap.default.bindings where !rebound.contains(b.command) {
            for key in b.keys { owner[key] = (b.command, nil) }
        }
        for c in chosen {
            for key in c.keys {
                let shown = KeyName.display(key)
                if let other = owner[key], other.command != c.command {
                    let whose = other.line.map { "\(other.command.rawValue) (line \($0))" }
                        ?? "\(other.command.rawValue), whose default it is (rebind \(other.command.rawValue) to free it)"
                    problems.append(Problem(line: c.line, message: "\(c.command.rawValue): \(shown) is also bound to \(whose)"))
                } else {
                    owner[key] = (c.command, c.line)
                }
            }
        }
        return problems
    }
}
