import ArgumentParser
import Foundation
import LumaKit

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the state changes the tracked list has kept, oldest first.",
        discussion: """
            One line per change: local time, id, from → to ("-" before the first answer).
            Kept for every generation lumatop has polled, also after `untrack`.

            Examples:
              lumatop log
              lumatop log --since 2h 4665a07c-7641-4809-a133-10786201bb56
              lumatop log --json --since 1d | jq -r 'select(.to == "failed") | .id'
            """)

    @OptionGroup var state: StateOptions
    @Flag(help: "Print one JSON object per line: at, id, from, to.") var json = false
    @Option(help: ArgumentHelp("Only changes within this long ago: 90s, 15m, 1.5h, 7d, 1h30m, or seconds.",
                               valueName: "duration"))
    var since: String?
    @Argument(help: ArgumentHelp("Only these task ids (default: all)." + shortIDHelp, valueName: "task-id")) var taskIDs: [String] = []

    func validate() throws {
        if let since, LogWindow.seconds(since) == nil {
            throw ValidationError("--since must be a duration such as 90s, 15m, 2h, 7d or 1h30m")
        }
    }

    func run() throws {
        let list = try state.list()
        let taskIDs = try resolveIDs(self.taskIDs, in: list)
        let start = since.flatMap(LogWindow.seconds).map { Date().addingTimeInterval(-$0) }
        let transitions: [Transition]
        do { transitions = try list.transitions(of: unique(taskIDs), since: start) } catch {
            throw ConfigurationError("\(error)")
        }
        list.takeNotices().forEach(warn)
        for t in transitions {
            if json {
                emitLine(JSONValue.object([
                    ("at", .string(WireDate.format(t.at))), ("id", .string(t.id)),
                    ("from", .optional(t.from?.word)), ("to", .string(t.to.word)),
                ]).text)
            } else {
                let line = [LocalTime.text(t.at, in: nil), t.id, "\(t.from?.word ?? "-") → \(t.to.word)"]
                emitLine(line.map(UntrustedText.line).joined(separator: "  "))
            }
        }
        if transitions.isEmpty { warn("no state changes recorded\(since.map { " in the last \($0)" } ?? "")") }
    }
}

/// `--since`: a count of seconds, or units s, m, h, d, w in a row (`1h30m`).
enum LogWindow {
    static func seconds(_ text: String) -> TimeInterval? {
        if let plain = Double(text), plain.isFinite, plain >= 0 { return Bounded.wait(plain) }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        var total = 0.0, digits = ""
        for ch in text.lowercased() {
            if ch.isASCII && (ch.isNumber || ch == ".") { digits.append(ch); continue }
            guard let unit = units[ch], let n = Double(digits), n.isFinite else { return nil }
            total += n * unit
            digits = ""
        }
        guard digits.isEmpty, !text.isEmpty else { return nil }
        return Bounded.wait(total)
    }
}
