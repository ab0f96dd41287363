import ArgumentParser

/// A bare word in the command's place that is not a command but is within two edits of one is a
/// typo, not a task id: `lumatop stauts` must not start tracking an id named "stauts".
enum CommandTypo {
    /// Options of the dashboard (the default command) that take a value: the word after one of
    /// them is that value, not the command's place. Checked against the parser by a test.
    static let valueOptions: Set<String> = ["--provider", "--base-url", "--api-key-file", "--interval", "--max-in-flight",
                                            "--state-dir", "--theme", "--download-dir", "--on-complete", "--preview", "--recent"]

    /// ArgumentParser's own option that takes a value: `--generate-completion-script fish`.
    static let builtInValueOptions: Set<String> = ["--generate-completion-script"]

    static var commands: [String] { Lumatop.configuration.subcommands.map { $0._commandName } + ["help"] }

    /// The message for `arguments` (without the program name), or nil when there is no typo.
    static func check(_ arguments: [String]) -> String? {
        guard let word = firstBareWord(arguments), !commands.contains(word) else { return nil }
        let near = commands.map { (name: $0, distance: distance(word, $0)) }.filter { $0.distance <= 2 }
        guard let best = near.min(by: { $0.distance < $1.distance }) else { return nil }
        return "unknown command '\(word)' (did you mean '\(best.name)'?)"
    }

    /// The first argument that is neither an option nor an option's value, before any `--`.
    static func firstBareWord(_ arguments: [String]) -> String? {
        var skipNext = false
        for arg in arguments {
            if skipNext { skipNext = false; continue }
            if arg == "--" { return nil }
            if arg.hasPrefix("-") {
                skipNext = valueOptions.contains(arg) || builtInValueOptions.contains(arg)
                continue
            }
            return arg
        }
        return nil
    }

    /// Edits between two words: insertions, deletions, substitutions and swaps of neighbours
    /// (optimal string alignment), so `stauts` is one edit from `status`.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
