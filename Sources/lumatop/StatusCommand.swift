import ArgumentParser
import Foundation
import LumaKit

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fetch each generation once and print a table, or JSON Lines.",
        discussion: """
            With no ids, fetches every tracked generation; with --provider luma, also
            lists the account's most recent ones (--recent, marked recent, not tracked).
            Exit 0 when every id was fetched, 1 when any was not, 2 for usage or
            configuration errors.

            Examples:
              lumatop status
              lumatop status --json 4665a07c-7641-4809-a133-10786201bb56 | jq .state
              lumatop status --demo
            """)

    @OptionGroup var options: ServiceOptions
    @OptionGroup var polling: PollingOptions
    @OptionGroup var recent: RecentOption
    @Flag(help: "Print one JSON object per line.") var json = false
    @Argument(help: ArgumentHelp("Task ids (default: every tracked id)." + shortIDHelp, valueName: "task-id")) var taskIDs: [String] = []

    func run() throws {
        try validateIDs(taskIDs)
        let service = try options.resolve(polling)
        defer { service.close() }
        let tracked: [TrackedRecord]
        do { tracked = try loadTracked(service.list) } catch { throw ConfigurationError("\(error)") }
        let given = try resolveIDs(taskIDs, among: tracked.map(\.id))
        let ids = given.isEmpty ? tracked.map(\.id) : unique(given)
        let now = Date()
        let account = taskIDs.isEmpty ? accountList(service, leaving: Set(ids), at: now) : .success([])
        let recentOnes = (try? account.get()) ?? []
        if ids.isEmpty && recentOnes.isEmpty {
            if account.isSuccess {
                warn("nothing to show: no ids given and none tracked (add some with `lumatop track ID`)")
                return
            }
            throw ExitCode(1)
        }
        let results = service.client.fetchOnce(ids, policy: service.policy)
        saveAnswers(results, ids: ids, list: service.list, at: now)

        let known = Dictionary(tracked.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var fetched: [(g: TrackedGeneration, ok: Bool)] = []
        for (id, result) in zip(ids, results) {
            var g = known[id]?.tracked ?? TrackedGeneration(id: id, firstSeen: now)
            switch result {
            case .success(let answer): g.generation = answer; g.lastError = nil
            case .failure(let error):
                g.lastError = error
                warn("\(id): \(UntrustedText.line(error.message))")
            }
            fetched.append((g, result.isSuccess))
        }
        fetched += recentOnes.map { ($0, true) }
        // The tracked list reads newest first, as the dashboard does; ids given keep their order.
        if taskIDs.isEmpty { fetched = Self.newestFirst(fetched) }
        if json {
            // A failed fetch reports the error, not a stale answer.
            for (g, ok) in fetched {
                emitLine((ok ? StatusReport(g) : StatusReport(id: g.id, generation: nil, error: g.lastError?.message)).json)
            }
        } else {
            emitLine(TextReport.table(Self.marked([TextReport.tableHeader] + fetched.map { TextReport.row($0.g, now: now) },
                                                  recent: fetched.map(\.g.isRecent))))
        }
        if fetched.contains(where: { !$0.ok }) || !account.isSuccess { throw ExitCode(1) }
    }

    /// The account's most recent generations not among `ids` (the Luma API only; none elsewhere).
    private func accountList(_ service: Service, leaving ids: Set<String>, at now: Date) -> Result<[TrackedGeneration], APIError> {
        guard let official = service.official, recent.recent > 0 else { return .success([]) }
        let limit = recent.recent
        let answer = waitForCallback { official.list(limit: limit, completion: $0) }
        if case .failure(let error) = answer { warn("the account's list: \(UntrustedText.line(error.message))") }
        return answer.map { list in
            list.filter { !ids.contains($0.id) }.map { TrackedGeneration(id: $0.id, generation: $0, firstSeen: now, isRecent: true) }
        }
    }

    /// With recent ones among the rows, a column says which are tracked and which are recent.
    static func marked(_ rows: [[String]], recent: [Bool]) -> [[String]] {
        guard recent.contains(true) else { return rows }
        return rows.enumerated().map { i, row in
            var row = row
            row.insert(i == 0 ? "LIST" : recent[i - 1] ? "recent" : "tracked", at: row.count - 1)
            return row
        }
    }

    /// By creation time (first seen before any answer), newest first; ties keep the list's order.
    static func newestFirst(_ rows: [(g: TrackedGeneration, ok: Bool)]) -> [(g: TrackedGeneration, ok: Bool)] {
        rows.enumerated().sorted { a, b in
            a.element.g.created != b.element.g.created ? a.element.g.created > b.element.g.created : a.offset < b.offset
        }.map(\.element)
    }
}

/// Keeps what a one-shot fetch learned for ids that are tracked (never adds ids).
func saveAnswers(_ results: [Result<Generation, APIError>], ids: [String], list: TrackedList, at now: Date) {
    var answers: [TrackedList.Answered] = []
    for (id, result) in zip(ids, results) {
        if case .success(let g) = result { answers.append(TrackedList.Answered(id: id, answer: g, at: now)) }
    }
    // A state directory that cannot be written was said at loading; nothing is tried.
    guard list.notKept == nil else { return }
    do { try list.record(answers) } catch { warn("could not save answers: \(error)") }
    list.takeNotices().forEach(warn)
}

func loadTracked(_ list: TrackedList) throws(PersistenceError) -> [TrackedRecord] {
    let records = try list.load().records
    list.takeNotices().forEach(warn)
    if let notKept = list.notKept { warn(notKept) }
    return records
}

func unique(_ ids: [String]) -> [String] {
    var seen = Set<String>()
    return ids.filter { seen.insert($0).inserted }
}

extension Result {
    var isSuccess: Bool { if case .success = self { true } else { false } }
}
