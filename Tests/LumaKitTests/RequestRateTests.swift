import Foundation
import Testing
import LumaDemo
@testable import LumaKit

/// Whatever a real loopback server answers, the poller sends at most `ceil(ids / 50) × (10 /
/// interval) + 5` requests in any 10 s window with the batch query, `ids × (10 / interval) + 5`
/// with single GETs. Each scenario runs for a little more than a window at interval 1; they run
/// side by side (async, so a waiting scenario holds no thread).
@Suite struct RequestRateTests {
    static let ids = ["rate-a", "rate-b", "rate-c"]
    static let interval: TimeInterval = 1
    static let runFor: TimeInterval = 11

    /// Each kind of Retry-After with a 429, and the wait it asks for: nil when not usable (the
    /// poller's default applies), `.infinity` when beyond the longest hold.
    static let retryAfters: [(String?, TimeInterval?)] = [
        (nil, nil), ("0", 0), ("0.001", 0.001), ("-5", nil), ("abc", nil), ("1e19", .infinity), ("1e308", .infinity),
        ("inf", .infinity), ("nan", nil), (RetryAfter.httpDate(Date() - 3 * 86_400), 0),
        ("Mon, 01 Jan 0001 00:00:00 GMT", 0), ("Fri, 31 Dec 9999 23:59:59 GMT", .infinity),
        (RetryAfter.httpDate(Date() + 5 * 3600), .infinity), ("99999999999999999999999", .infinity),
    ]

    /// Other answers a server may give, every time.
    enum Answer: String, CaseIterable, Sendable {
        case serverError, garbage, processing, completed, alternatingWith429, batchLeavesAllOut, notFound
    }

    @Test(arguments: retryAfters, [true, false])
    func everyRequestRateLimited(retryAfter: (String?, TimeInterval?), batch: Bool) async throws {
        let (header, asked) = retryAfter
        let limited = DemoResponse.error(429, message: "slow down", headers: header.map { [("Retry-After", $0)] } ?? [])
        let net = try Loopback()
        if batch { net.script.answerBatches(with: [limited]) }
        for id in Self.ids { net.script.script(id, [limited]) }
        let started = Date()
        let (store, times) = try await run(net)
        // A loaded machine may oversleep the run: what is expected follows how long it really took.
        let ran = Date().timeIntervalSince(started)
        let label = "Retry-After \(header ?? "none"), \(batch ? "batch" : "single")"
        expectWithinBudget(net.script, batch: batch, label)

        // Each 429 holds at least one interval, doubling while they go on, and what the server asked
        // when that is longer; never past the longest hold.
        let rounds = Self.rounds(times)
        let wanted = asked ?? PollPolicy().defaultRetryAfter
        for (k, gap) in zip(rounds, rounds.dropFirst()).map({ $1.first!.timeIntervalSince($0.last!) }).enumerated() {
            let hold = min(PollPolicy.longestRateLimitHold, max(wanted, Self.interval * pow(2, Double(k))))
            #expect(gap >= hold - 0.02, "\(label): round \(k + 2) came \(gap) s after a 429, before \(hold) s")
        }
        if wanted < 1 { #expect(rounds.count >= 3, "\(label): still polling, slowly: \(rounds.count) rounds") }
        if wanted > ran { #expect(rounds.count == 1, "\(label): \(rounds.count) rounds in \(ran) s") }

        let status = store.snapshot().status
        let until = try #require(status.rateLimitedUntil, "\(label): the hold shows")
        #expect(until.timeIntervalSinceNow <= PollPolicy.longestRateLimitHold, "\(label): held at most an hour")
        #expect((status.rateLimitAskedFor != nil) == (asked == .infinity), "\(label): a cut ask is shown")
        if let shown = status.rateLimitAskedFor { #expect(shown > PollPolicy.longestRateLimitHold) }
    }

    @Test(arguments: Answer.allCases, [true, false])
    func anyOtherAnswer(_ kind: Answer, batch: Bool) async throws {
        let net = try Loopback()
        let label = "\(kind), \(batch ? "batch" : "single")"
        for id in Self.ids { net.script.script(id, Self.responses(kind, id)) }
        if batch {
            switch kind {
            case .serverError: net.script.answerBatches(with: [.error(500, message: "oops")])
            case .garbage: net.script.answerBatches(with: [.text(200, "<html>502 Bad Gateway</html>")])
            case .batchLeavesAllOut: net.script.answerBatches(with: [.batch([])])
            case .alternatingWith429:
                let all = DemoResponse.batch(Self.ids.map { id in try! JSONEncoder().encode(Generation(id: id, state: .processing)) })
                net.script.answerBatches(with: Array(repeating: [Self.rateLimitedNow, all], count: 50).flatMap { $0 })
            case .processing, .completed, .notFound: net.script.answerBatches()
            }
        }
        let (_, times) = try await run(net)
        expectWithinBudget(net.script, batch: batch && kind != .garbage, label)
        switch kind {
        case .completed:
            // Answered at once and finished: never asked again (one refused batch query first).
            #expect(times.count == (batch ? 1 : 1 + Self.ids.count), "\(label): \(times.count) requests")
        case .processing:
            // Answered at once: asked again after an interval, not sooner.
            let series = batch ? [net.script.batches.map(\.at)] : Self.ids.map { net.script.requests(for: $0).map(\.at) }
            for polls in series {
                #expect(polls.count >= 8, "\(label): polled at the interval")
                for (a, b) in zip(polls, polls.dropFirst()) {
                    #expect(b.timeIntervalSince(a) >= Self.interval - 0.02, "\(label): asked again too soon")
                }
            }
        default: break
        }
    }

    static let rateLimitedNow = DemoResponse.error(429, message: "slow down", headers: [("Retry-After", "0")])

    static func responses(_ kind: Answer, _ id: String) -> [DemoResponse] {
        switch kind {
        case .serverError: [.error(500, message: "oops")]
        case .garbage: [.text(200, "<html>502 Bad Gateway</html>")]
        case .processing, .batchLeavesAllOut: [answer(id, .processing)]
        case .completed: [answer(id, .completed)]
        case .alternatingWith429: Array(repeating: [rateLimitedNow, answer(id, .processing)], count: 50).flatMap { $0 }
        case .notFound: [.error(404, message: "task not found")]
        }
    }

    /// Polls the ids for `runFor` seconds; returns the store and when each request arrived.
    func run(_ net: Loopback) async throws -> (GenerationStore, [Date]) {
        let store = GenerationStore()
        // The shortest jitter: the harshest case for the budget.
        let poller = Poller(client: net.client, store: store, policy: PollPolicy(interval: Self.interval), random: { 0 })
        store.track(Self.ids)
        poller.start()
        try await Task.sleep(for: .seconds(Self.runFor))
        poller.stop()
        return (store, net.script.arrivals)
    }

    /// The issue's bound, computed here rather than taken from the policy under test.
    func expectWithinBudget(_ script: ScriptedService, batch: Bool, _ label: String,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        let units = batch ? (Self.ids.count + 49) / 50 : Self.ids.count
        let bound = Double(units) * (10 / Self.interval) + 5
        let most = script.mostRequests(within: 10)
        let times = script.arrivals
        #expect(Double(most) <= bound, "\(label): \(most) requests in 10 s, bound \(bound)", sourceLocation: sourceLocation)
        let span = times.last.map { String(format: "%.1f", $0.timeIntervalSince(times[0])) } ?? "0"
        print("rate: \(label): \(times.count) requests over \(span) s, at most \(most) in any 10 s window (bound \(Int(bound)))")
    }

    /// Arrivals grouped into rounds: those less than a quarter interval apart go together.
    static func rounds(_ times: [Date]) -> [[Date]] {
        var out: [[Date]] = []
        for t in times {
            if let last = out.last?.last, t.timeIntervalSince(last) < interval / 4 { out[out.count - 1].append(t) } else { out.append([t]) }
        }
        return out
    }
}
