import ArgumentParser
import Foundation
import LumaKit

struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print one line per state change until every generation is finished.",
        discussion: """
            No screen: suits scripts and CI. With no ids, watches every tracked
            generation. A generation that is not found (404) ends its watch. A retry
            (429, a network or server error) is no change: its error goes to stderr,
            once per kind until it clears. At the end, one summary line per id:
            summary, id, final state, the time from the start of the watch until it
            settled (with --json an object with the keys summary, id, final, settled,
            seconds, error).

            With --exit-status: exit 1 when any failed or was not found, 124 on timeout,
            else 0. Without it, exit 0 unless the key was refused (1) or the command was
            misused (2).

            Examples:
              lumatop watch --exit-status --timeout 600 ID
              lumatop watch --json | jq -c 'select(.state == "completed")'
              lumatop watch --demo --exit-status
            """)

    @OptionGroup var options: ServiceOptions
    @OptionGroup var polling: PollingOptions
    @Flag(help: "Print the same JSON object as `status --json` for each change.") var json = false
    @Flag(help: "Exit 1 when any failed or was not found, 124 on timeout.") var exitStatus = false
    @Option(help: "Give up after this many seconds (more than a year counts as a year).") var timeout: Double?
    @OptionGroup var hook: HookOption
    @Argument(help: ArgumentHelp("Task ids (default: every tracked id)." + shortIDHelp, valueName: "task-id")) var taskIDs: [String] = []

    func validate() throws {
        if let timeout, !(timeout > 0) || !timeout.isFinite {
            throw ValidationError("--timeout must be a positive number of seconds")
        }
    }

    func run() throws {
        try validateIDs(taskIDs)
        let service = try options.resolve(polling)
        defer { service.close() }
        let ids = try resolveIDs(taskIDs, in: service.list)
        let code = WatchRunner(service: service, ids: unique(ids), json: json, exitStatus: exitStatus,
                               timeout: timeout.map(Bounded.wait), onComplete: hook.onComplete).run()
        if code != 0 { throw ExitCode(code) }
    }
}

/// Runs a watch over the tracked list (or the given ids) and turns its outcome into an exit code.
struct WatchRunner {
    let service: Service
    let ids: [String]
    let json: Bool
    let exitStatus: Bool
    let timeout: Double?
    /// Run for each generation reported completed or failed; its output goes to stderr, so
    /// stdout stays the watch's own lines.
    let onComplete: String?
    /// A last line per id (`create --wait` has its own contract, without it).
    var summary = true

    func run() -> Int32 {
        let engine = Engine(client: service.client, list: service.list, policy: service.policy,
                            onPersistenceError: { warn("could not save: \($0)") })
        do {
            // Only the watched ids go into the store, so nothing else is polled.
            try (ids.isEmpty ? engine.load() : engine.load(ids: ids)).forEach(warn)
        } catch {
            warn("\(error)")
            return 2
        }
        if let notKept = service.list.notKept { warn(notKept) }
        let watched = engine.store.ids
        if watched.isEmpty {
            warn("nothing to watch: no ids given and none tracked (add some with `lumatop track ID`)")
            return 0
        }
        let json = self.json
        let hook = onComplete.map { CompletionHook(command: $0, output: STDERR_FILENO) }
        let ending = LumaKit.Watch.run(engine: engine, ids: watched, timeout: timeout) { news in
            switch news {
            case .changed(let g):
                emitLine(json ? StatusReport(g).json : TextReport.change(g, at: Date()))
                if g.isFinished { hook?.run(for: g) { failure in if let failure { warn(failure) } } }
            case .trouble(let id, let error):
                warn("\(id): \(error.message); retrying")
            }
        }
        // The commands finish before we do: a script waiting on watch waits on them too.
        hook?.waitForAll()
        if summary {
            for s in ending.summaries { emitLine(json ? s.json : s.line) }
        }
        switch ending.outcome {
        case .settled(let anyFailed):
            return exitStatus && anyFailed ? 1 : 0
        case .timedOut:
            warn("timed out after \(TextReport.age(timeout ?? 0)) with generations still active")
            return exitStatus ? 124 : 0
        case .unauthorized(let error):
            warn("\(error.message): check \(service.provider.keyVariable) or --api-key-file")
            return 1
        }
    }
}

/// `--on-complete CMD`, shared by the dashboard and `watch`.
struct HookOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Run this shell command when a generation completes or fails, with LUMATOP_ID, LUMATOP_STATE and "
            + "LUMATOP_VIDEO_URL in its environment (server data never goes into the command text).",
        valueName: "cmd"))
    var onComplete: String?
}
