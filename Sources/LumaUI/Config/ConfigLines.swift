import Foundation

/// The line each key of a TOML file is on, found by reading the text: TOMLKit's tables do not
/// say. Keys are dotted paths (`keys.quit`); a table's own line is its `[header]`.
struct ConfigLines {
    private var lines: [String: Int] = [:]

    init(_ text: String) {
        var table: [String] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("["), !line.hasPrefix("[["), let end = line.firstIndex(of: "]") {
                table = Self.path(String(line[line.index(after: line.startIndex)..<end]))
                note(table, index + 1)
                continue
            }
            guard let eq = line.firstIndex(of: "="), !line.hasPrefix("#"), !line.hasPrefix("\"\"\"") else { continue }
            let key = Self.path(String(line[..<eq]))
            guard !key.isEmpty, key.allSatisfy({ !$0.isEmpty && !$0.contains(" ") }) else { continue }
            note(table + key, index + 1)
        }
    }

    /// Every prefix of `path` is on this line unless an earlier line holds it.
    private mutating func note(_ path: [String], _ line: Int) {
        for n in 1...max(1, path.count) where n <= path.count {
            let key = path.prefix(n).joined(separator: ".")
            if lines[key] == nil { lines[key] = line }
        }
    }

    /// `a . "b"` as ["a", "b"].
    private static func path(_ text: String) -> [String] {
        text.split(separator: ".").map { part in
            var p = part.trimmingCharacters(in: .whitespaces)
            if p.count >= 2, let q = p.first, q == "\"" || q == "'", p.last == q { p = String(p.dropFirst().dropLast()) }
            return p
        }
    }

    /// The line of `key`, else the first (a problem always has a line to point at).
    subscript(key: String) -> Int { lines[key] ?? 1 }
}
