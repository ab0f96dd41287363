import ArgumentParser
import Foundation
import LumaKit

struct Extend: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Continue a completed generation (POST /luma/generations/ID/extend); track the new one.",
        discussion: """
            Checks first that ID is completed (exit 2 otherwise). The new id is printed and
            tracked with its parent, so the dashboard shows "extends …" and "extended by …".
            Sent once, never retried; the exit codes are those of `create`.

            Examples:
              lumatop extend 4665a07c-7641-4809-a133-10786201bb56 "the fox jumps into a river"
              lumatop extend ID - --wait < next-scene.txt
            """)

    @OptionGroup var service: ServiceOptions
    @OptionGroup var polling: PollingOptions
    @OptionGroup var order: OrderOptions
    @Argument(help: ArgumentHelp("The completed generation to continue." + shortIDHelp, valueName: "task-id")) var taskID: String
    @Argument(help: ArgumentHelp("The prompt; - reads it from standard input.", valueName: "prompt")) var prompt: String

    func run() throws {
        try validateIDs([taskID])
        var one = try order.order(.extend(parentID: taskID), prompt: try readPrompt(prompt))
        if order.dryRun, !service.demo {
            // Nothing is sent, and no service made: the tracked list alone says what a piece names.
            let env = ProcessInfo.processInfo.environment
            let dir = service.stateDir.map { URL(fileURLWithPath: $0) } ?? TrackedList.defaultDirectory(environment: env)
            let list = TrackedList(directory: dir, provider: try service.chosenProvider(env))
            one.kind = .extend(parentID: try resolveIDs([taskID], in: list)[0])
            OrderSender.show(try OrderSender.request(for: one, options: service))
            return
        }
        let resolved = try service.resolve(polling)
        defer { resolved.close() }
        let parentID = try resolveIDs([taskID], in: resolved.list)[0]
        one.kind = .extend(parentID: parentID)
        let sender = try OrderSender(service: resolved, options: order)
        if order.dryRun {
            OrderSender.show(sender.creator.request(for: one))
            return
        }
        try checkCompleted(parentID, resolved)
        guard case .success(let id) = sender.send(one) else { throw ExitCode(1) }
        if order.wait {
            let code = sender.waitFor([id])
            if code != 0 { throw ExitCode(code) }
        }
    }

    /// Only a completed generation can be continued: asked first, and kept (tracked, with its
    /// answer) so the link shows from both sides.
    private func checkCompleted(_ taskID: String, _ service: Service) throws {
        switch service.client.fetchAndWait(taskID) {
        case .success(let parent):
            guard parent.state == .completed else {
                throw ConfigurationError("\(taskID) is \(parent.state.word), not completed: only a completed generation can be extended")
            }
            do {
                try service.list.track([taskID])
                try service.list.record([TrackedList.Answered(id: taskID, answer: parent, at: Date())])
            } catch { warn("could not track \(taskID): \(error)") }
        case .failure(.notFound):
            throw ConfigurationError("\(taskID) was not found (HTTP 404): only a completed generation can be extended")
        case .failure(let error):
            warn("cannot check \(taskID): \(error.message); nothing was sent")
            throw ExitCode(1)
        }
    }
}
