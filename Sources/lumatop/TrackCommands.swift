import ArgumentParser
import Foundation
import LumaKit

/// Where `track`, `untrack` and `list` find the tracked list.
struct StateOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Whose list: quickrouter or luma (default: $LUMATOP_PROVIDER, else quickrouter).",
                               valueName: "name"))
    var provider: String?

    @Option(help: ArgumentHelp("Where the tracked list lives (default: $XDG_STATE_HOME/lumatop).", valueName: "dir"))
    var stateDir: String?

    /// The chosen provider's list: each provider keeps its own.
    func list() throws -> TrackedList {
        let env = ProcessInfo.processInfo.environment
        return TrackedList(directory: stateDir.map { URL(fileURLWithPath: $0) } ?? TrackedList.defaultDirectory(environment: env),
                           provider: try Provider.chosen(provider, environment: env))
    }
}

struct Track: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add task ids to the tracked list (a running dashboard picks them up).",
        discussion: "Example:\n  lumatop track 4665a07c-7641-4809-a133-10786201bb56")

    @OptionGroup var state: StateOptions
    @Argument(help: ArgumentHelp("Task ids to track.", valueName: "task-id")) var taskIDs: [String]

    func run() throws {
        let list = try state.list()
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
        let list = try state.list()
        defer { list.takeNotices().forEach(warn) }
        let taskIDs = try resolveIDs(self.taskIDs, in: list)
        let removed: Set<String>
        do { removed = Set(try list.untrack(taskIDs)) } catch { throw ConfigurationError("\(error)") }
        for id in unique(taskIDs) where !removed.contains(id) { warn("\(id) was not tracked") }
    }
}
