import ArgumentParser
import Foundation
import LumaKit

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fetch each generation once and print a table, or JSON Lines.",
        discussion: """
            With no ids, fetches every tracked generation. Exit 0 when every id was
            fetched, 1 when any was not, 2 for usage or configuration errors.

            Examples:
              lumatop status
              lumatop status --json 4665a07c-7641-4809-a133-10786201bb56 | jq .state
              lumatop status --demo
            """)

    @OptionGroup var options: ServiceOptions
    @Flag(help: "Print one JSON object per line.") var json = false
    @Argument(help: ArgumentHelp("Task ids (default: every tracked id).", valueName: "task-id")) var taskIDs: [String] = []

    func run() throws {
        try validateIDs(taskIDs)
        let service = try options.resolve()
        defer { service.close() }
        let tracked: [TrackedRecord]
        do { tracked = try loadTracked(service.list) } catch { throw ConfigurationError("\(error)") }
        let ids = taskIDs.isEmpty ? tracked.map(\.id) : unique(taskIDs)
        if ids.isEmpty {
            warn("nothing to show: no ids given and none tracked (add some with `lumatop track ID`)")
            return
        }
        let results = fetchAll(ids, client: service.client, policy: service.policy)
        let now = Date()
        saveAnswers(results, ids: ids, list: service.list, at: now)

        let known = Dictionary(tracked.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var rows = [TextReport.tableHeader]
        var failed = false
        for (id, result) in zip(ids, results) {
            var g = known[id]?.tracked ?? TrackedGeneration(id: id, firstSeen: now)
            switch result {
            case .success(let answer): g.generation = answer; g.lastError = nil
            case .failure(let error):
                failed = true
                g.lastError = error
                warn("\(id): \(UntrustedText.line(error.message))")
            }
            if json {
                // A failed fetch reports the error, not a stale answer.
                let report = result.isSuccess ? StatusReport(g) : StatusReport(id: id, generation: nil, error: g.lastError?.message)
                emitLine(report.json)
            } else {
                rows.append(TextReport.row(g, now: now))
            }
        }
        if !json { emitLine(TextReport.table(rows)) }
        if failed { throw ExitCode(1) }
    }
}

/// A one-shot command waits out a 429's hold this long at most; a longer hold is reported instead.
let longestOneShotWait: TimeInterval = 10

/// Fetches every id once, at most `policy.maxInFlight` at a time; results in the order of `ids`. A 429
/// holds every request as it holds the poller's (`RateLimitHold`, by `policy`): a hold short
/// enough for a one-shot command is waited out and the id asked once more; while a longer one
/// lasts, ids not asked yet get that 429 without a request.
func fetchAll(_ ids: [String], client: any GenerationsClient, policy: PollPolicy) -> [Result<Generation, APIError>] {
    let results = Locked([Result<Generation, APIError>?](repeating: nil, count: ids.count))
    let hold = Locked((rule: RateLimitHold(), last: APIError?.none))
    let slots = DispatchSemaphore(value: policy.maxInFlight)
    let group = DispatchGroup()
    for (i, id) in ids.enumerated() {
        slots.wait()
        group.enter()
        DispatchQueue.global().async {
            var result: Result<Generation, APIError>?
            for _ in 0..<2 {
                let (wait, limited) = hold.withLock { h in (h.rule.until.map { $0.timeIntervalSinceNow } ?? 0, h.last) }
                if wait > longestOneShotWait, let limited {
                    result = .failure(limited)
                    break
                }
                if wait > 0 { Thread.sleep(forTimeInterval: wait) }
                let sentAt = Date()
                let answer = client.fetchAndWait(id)
                result = answer
                guard case .failure(let error) = answer, case .rateLimited(let after) = error else {
                    if answer.isSuccess { hold.withLock { $0.rule.succeeded() } }
                    break
                }
                hold.withLock { h in
                    h.rule.limited(retryAfter: after, sentAt: sentAt, at: Date(), policy: policy)
                    h.last = error
                }
            }
            results.withLock { $0[i] = result }
            slots.signal()
            group.leave()
        }
    }
    group.wait()
    return results.current.map { $0! }
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
