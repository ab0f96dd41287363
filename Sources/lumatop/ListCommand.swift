import ArgumentParser
import Foundation
import LumaKit

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the tracked list, with no request (with --provider luma, also the account's recent ones).",
        discussion: """
            With --provider luma and a key, the account's most recent generations
            (--recent) follow the tracked ones, marked recent: that takes one request.

            Examples:
              lumatop list
              lumatop list --json | jq -r .id
            """)

    @OptionGroup var service: ServiceOptions
    @OptionGroup var recent: RecentOption
    @Flag(help: "Print one JSON object per line.") var json = false

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        let provider = try service.chosenProvider(env)
        let resolved = try resolve(provider, env)
        defer { resolved?.close() }
        let list = resolved?.list ?? TrackedList(
            directory: service.stateDir.map { URL(fileURLWithPath: $0) } ?? TrackedList.defaultDirectory(environment: env),
            provider: provider)
        let records: [TrackedRecord]
        do { records = try loadTracked(list) } catch { throw ConfigurationError("\(error)") }
        let tracked = Set(records.map(\.id))
        let others = accountList(resolved).filter { !tracked.contains($0.id) }
        let now = Date()
        let marked = provider == .luma
        if json {
            for r in records {
                var pairs: [(String, JSONValue)] = [
                    ("id", .string(r.id)),
                    ("state", .optional(r.answer?.stateWord)),
                    ("prompt", .optional(r.answer?.prompt)),
                    ("tracked_at", .string(WireDate.format(r.trackedAt))),
                    ("state_changed_at", .optional(r.stateChangedAt.map(WireDate.format))),
                    ("saved_path", .optional(r.savedPath)),
                    ("extends", .optional(r.extends)),
                ]
                // The Luma API's lines say which are the account's recent ones.
                if marked { pairs.append(("recent", .bool(false))) }
                emitLine(JSONValue.object(pairs).text)
            }
            for g in others {
                emitLine(JSONValue.object([
                    ("id", .string(g.id)), ("state", .string(g.stateWord)), ("prompt", .optional(g.prompt)),
                    ("tracked_at", .null), ("state_changed_at", .null), ("saved_path", .null), ("extends", .null),
                    ("recent", .bool(true)),
                ]).text)
            }
            return
        }
        var rows = [["ID", "STATE", "RESOLUTION", "TRACKED", "PROMPT"]]
        for r in records {
            rows.append([r.id, r.answer?.stateWord ?? "-", TextReport.resolution(r.answer),
                         TextReport.age(now.timeIntervalSince(r.trackedAt)), TextReport.prompt(r.answer)])
        }
        for g in others { rows.append([g.id, g.stateWord, TextReport.resolution(g), "-", TextReport.prompt(g)]) }
        if rows.count == 1 { warn("no generations tracked (add some with `lumatop track ID`)") } else {
            emitLine(TextReport.table(Status.marked(rows, recent: records.map { _ in false } + others.map { _ in true })))
        }
    }

    /// A service only where the list needs one: the demo, or the Luma API's account list. Without
    /// a key the tracked ones are still listed.
    private func resolve(_ provider: Provider, _ env: [String: String]) throws -> Service? {
        guard service.demo || (provider == .luma && recent.recent > 0) else { return nil }
        do { return try service.resolve(environment: env) } catch let error as ConfigurationError where !service.demo {
            warn("\(error.message): the account's recent generations are not listed")
            return nil
        }
    }

    private func accountList(_ service: Service?) -> [Generation] {
        guard let official = service?.official, recent.recent > 0 else { return [] }
        let limit = recent.recent
        switch waitForCallback({ official.list(limit: limit, completion: $0) }) {
        case .success(let list): return list
        case .failure(let error):
            warn("the account's list: \(UntrustedText.line(error.message))")
            return []
        }
    }
}
