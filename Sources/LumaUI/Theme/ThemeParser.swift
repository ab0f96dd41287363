/// One thing wrong with a theme file, with where it is.
public struct ThemeProblem: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: Hashable, Sendable { case warning, error }
    public let file: String
    public let line: Int
    public let message: String
    public let severity: Severity

    public var description: String { "\(file):\(line): \(severity == .error ? "error" : "warning"): \(message)" }
}

/// Theme files are `key = value` lines, `#` comments, like btop's. A role's value is a foreground
/// colour, optionally `on` a background colour, then attributes:
///
///     state.failed = #e06c75 bold
///     selection    = default on 238 bold
///     title        = black on bright-blue
///
/// Colours: `#rrggbb`, 0–255, the 16 ANSI names, or `default` (the terminal's own).
public enum ThemeParser {
    public static let colorNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]
    static let metaKeys: Set<String> = ["description", "appearance"]

    /// A theme built over the default one (missing roles inherit), and every problem found. With
    /// any error the caller should fall back to the default theme.
    public static func parse(_ text: String, name: String, file: String) -> (Theme, [ThemeProblem]) {
        var theme = Theme.default
        theme.name = name
        theme.description = ""
        var problems: [ThemeProblem] = []
        func problem(_ line: Int, _ message: String, _ severity: ThemeProblem.Severity) {
            problems.append(ThemeProblem(file: file, line: line, message: message, severity: severity))
        }
        var seen: [String: Int] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = stripComment(String(raw)).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            guard let eq = line.firstIndex(of: "=") else {
                problem(lineNumber, "expected `role = colour [on colour] [attributes]`, found \"\(line)\"", .error)
                continue
            }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if let previous = seen[key] { problem(lineNumber, "\(key) is set again (first on line \(previous))", .warning) }
            seen[key] = lineNumber
            switch key {
            case "description": theme.description = value
            case "appearance":
                guard let a = Theme.Appearance(rawValue: value.lowercased()) else {
                    problem(lineNumber, "appearance must be dark or light, found \"\(value)\"", .error)
                    continue
                }
                theme.appearance = a
            default:
                guard let role = Role(rawValue: key) else {
                    problem(lineNumber, "unknown key \"\(key)\" (roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))", .warning)
                    continue
                }
                do throws(StyleError) {
                    theme.styles[role] = try style(value)
                } catch {
                    problem(lineNumber, "\(key): \(error.message)", .error)
                }
            }
        }
        return (theme, problems)
    }

    struct StyleError: Error { let message: String }

    static func style(_ value: String) throws(StyleError) -> Style {
        var style = Style()
        let words = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { $0.lowercased() }
        guard !words.isEmpty else { throw StyleError(message: "no colour or attribute given") }
        var i = 0
        while i < words.count {
            let word = words[i]
            switch word {
            case "bold": style.bold = true
            case "dim": style.dim = true
            case "underline": style.underline = true
            case "reverse": style.reverse = true
            case "on":
                guard i + 1 < words.count else { throw StyleError(message: "`on` needs a background colour") }
                style.background = try color(words[i + 1])
                i += 1
            default:
                guard i == 0 else {
                    throw StyleError(message: "\"\(word)\" is not an attribute (bold, dim, underline, reverse) or `on COLOUR`")
                }
                style.foreground = try color(word)
            }
            i += 1
        }
        return style
    }

    static func color(_ word: String) throws(StyleError) -> Color {
        if word == "default" { return .default }
        if word.hasPrefix("#") {
            let hex = word.dropFirst()
            guard hex.count == 6, let v = UInt32(hex, radix: 16) else {
                throw StyleError(message: "\"\(word)\" is not a #rrggbb colour")
            }
            return .rgb(UInt8(v >> 16), UInt8((v >> 8) & 0xff), UInt8(v & 0xff))
        }
        if let n = Int(word) {
            guard (0...255).contains(n) else { throw StyleError(message: "colour \(n) is outside 0–255") }
            return .indexed(UInt8(n))
        }
        var name = word
        var bright = false
        for prefix in ["bright-", "bright_", "bright"] where name.hasPrefix(prefix) {
            name.removeFirst(prefix.count)
            bright = true
            break
        }
        if name == "gray" || name == "grey" { return .indexed(8) }
        guard let i = colorNames.firstIndex(of: name) else {
            throw StyleError(message: "\"\(word)\" is not a colour (#rrggbb, 0–255, an ANSI name or default)")
        }
        return .indexed(UInt8(i + (bright ? 8 : 0)))
    }

    /// `#` starts a comment at the start of a line or when a space follows it (`# note`); a `#`
    /// glued to a word is a colour (`#e06c75`), so a bad colour is reported, not ignored.
    static func stripComment(_ line: String) -> String {
        let chars = Array(line)
        for (i, c) in chars.enumerated() where c == "#" {
            let atStart = chars[..<i].allSatisfy { $0 == " " || $0 == "\t" }
            let spaceAfter = i + 1 == chars.count || chars[i + 1] == " " || chars[i + 1] == "\t"
            if atStart || spaceAfter { return String(chars[..<i]) }
        }
        return line
    }
}
