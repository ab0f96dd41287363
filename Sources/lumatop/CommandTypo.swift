import ArgumentParser
import LumaKit

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
        guard let best = NearestWord.to(word, among: commands) else { return nil }
        return "unknown command '\(word)' (did you mean '\(best)'?)"
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
}
