import ArgumentParser
import Foundation
import LumaKit

/// Where `track`, `untrack` and `list` find the tracked list.
struct StateOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Where the tracked list lives (default: $XDG_STATE_HOME/lumatop).", valueName: "dir"))
    var stateDir: String?

    var list: TrackedList {
        TrackedList(directory: stateDir.map { URL(fileURLWithPath: $0) }
                    ?? TrackedList.defaultDirectory(environment: ProcessInfo.processInfo.environment))
    }
}

struct Track: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add task ids to the tracked list (a running dashboard picks them up).",
        discussion: "Example:\n  lumatop track 4665a07c-7641-4809-a133-10786201bb56")

    @OptionGroup var state: StateOptions
    @Argument(help: ArgumentHelp("Task ids to track.", valueName: "task-id")) var taskIDs: [String]

    func run() throws {
        let list = state.list
        defer { list.takeNotices().forEach(warn) }
        // A piece of an id already tracked names it (nothing new is added), as `a` does.
        let taskIDs = try resolveIDs(self.taskIDs, in: list)
        do { try list.track(taskIDs) } catch { throw ConfigurationError("\(error)") }
    }
}

struct Untrack: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove task ids from the tracked list.",
        discussion: "Example:\n  lumatop untrack 4665a07c-7641-4809-a133-10786201bb56")

    @OptionGroup var state: StateOptions
    @Argument(help: ArgumentHelp("Task ids to stop tracking." + shortIDHelp, valueName: "task-id")) var taskIDs: [String]

    func run() throws {
        let list = state.list
        defer { list.takeNotices().forEach(warn) }
        let taskIDs = try resolveIDs(self.taskIDs, in: list)
        let removed: Set<String>
        do { removed = Set(try list.untrack(taskIDs)) } catch { throw ConfigurationError("\(error)") }
        for id in unique(taskIDs) where !removed.contains(id) { warn("\(id) was not tracked") }
    }
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the tracked list, with no request.",
        discussion: "Examples:\n  lumatop list\n  lumatop list --json | jq -r .id")

    @OptionGroup var state: StateOptions
    @Flag(help: "Print one JSON object per line.") var json = false

    func run() throws {
        let records: [TrackedRecord]
        do { records = try loadTracked(state.list) } catch { throw ConfigurationError("\(error)") }
        let now = Date()
        if json {
            for r in records {
                emitLine(JSONValue.object([
                    ("id", .string(r.id)),
                    ("state", .optional(r.answer?.state.word)),
                    ("prompt", .optional(r.answer?.prompt)),
                    ("tracked_at", .string(WireDate.format(r.trackedAt))),
                    ("state_changed_at", .optional(r.stateChangedAt.map(WireDate.format))),
                    ("saved_path", .optional(r.savedPath)),
                    ("extends", .optional(r.extends)),
                ]).text)
            }
            return
        }
        var rows = [["ID", "STATE", "RESOLUTION", "TRACKED", "PROMPT"]]
        for r in records {
            rows.append([r.id, r.answer?.state.word ?? "-", TextReport.resolution(r.answer),
                         TextReport.age(now.timeIntervalSince(r.trackedAt)), TextReport.prompt(r.answer)])
        }
        if records.isEmpty { warn("no generations tracked (add some with `lumatop track ID`)") } else {
            emitLine(TextReport.table(rows))
        }
    }
}
