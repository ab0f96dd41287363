import Foundation
import Testing
@testable import LumaKit

/// Whatever the service answers, the poller sends at most `ceil(ids / 50) × (10 / interval) + 5`
/// requests in any 10 s window with the batch query, `ids × (10 / interval) + 5` with single
/// GETs. Each scenario runs for a little more than a window at interval 1, on a manual clock
/// against a scripted client; a Retry-After header is read as the HTTP client reads it.
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

    /// Other answers a service may give, every time.
    enum Answer: String, CaseIterable, Sendable {
        case serverError, garbage, processing, completed, alternatingWith429, batchLeavesAllOut, notFound
    }

    static let garbage = APIError.decoding(reason: "not JSON", excerpt: "<html>502 Bad Gateway</html>")

    @Test(arguments: retryAfters, [true, false])
    func everyRequestRateLimited(retryAfter: (String?, TimeInterval?), batch: Bool) throws {
        let (header, asked) = retryAfter
        // As QuickRouterClient reads the header.
        let limited = APIError.rateLimited(retryAfter: header.flatMap { RetryAfter.parse($0) })
        let rig = PollerRig(interval: Self.interval, random: 0)
        if batch { rig.client.answerBatches(with: [.failure(limited)]) }
        for id in Self.ids { rig.client.script(id, [.error(limited)]) }
        let times = run(rig)
        let label = "Retry-After \(header ?? "none"), \(batch ? "batch" : "single")"
        expectWithinBudget(rig.client, batch: batch, label)

        // Each 429 holds at least one interval, doubling while they go on, and what the server asked
        // when that is longer; never past the longest hold.
        let rounds = Self.rounds(times)
        let wanted = asked ?? PollPolicy().defaultRetryAfter
        for (k, gap) in zip(rounds, rounds.dropFirst()).map({ $1.first!.timeIntervalSince($0.last!) }).enumerated() {
            let hold = min(PollPolicy.longestRateLimitHold, max(wanted, Self.interval * pow(2, Double(k))))
            #expect(gap >= hold - 0.002, "\(label): round \(k + 2) came \(gap) s after a 429, before \(hold) s")
        }
        if wanted < 1 { #expect(rounds.count == 4, "\(label): still polling, slowly (1, 2, 4 s): \(rounds.count) rounds") }
        if wanted > Self.runFor { #expect(rounds.count == 1, "\(label): \(rounds.count) rounds") }

        let status = rig.store.snapshot().status
        let until = try #require(status.rateLimitedUntil, "\(label): the hold shows")
        #expect(until.timeIntervalSince(rig.clock.now) <= PollPolicy.longestRateLimitHold, "\(label): held at most an hour")
        #expect((status.rateLimitAskedFor != nil) == (asked == .infinity), "\(label): a cut ask is shown")
        if let shown = status.rateLimitAskedFor { #expect(shown > PollPolicy.longestRateLimitHold) }
    }

    @Test(arguments: Answer.allCases, [true, false])
    func anyOtherAnswer(_ kind: Answer, batch: Bool) throws {
        let rig = PollerRig(interval: Self.interval, random: 0)
        let label = "\(kind), \(batch ? "batch" : "single")"
        for id in Self.ids { rig.client.script(id, Self.replies(kind, id)) }
        if batch {
            switch kind {
            case .serverError: rig.client.answerBatches(with: [.failure(.server(status: 500))])
            case .garbage: rig.client.answerBatches(with: [.failure(Self.garbage)])
            case .batchLeavesAllOut: rig.client.answerBatches(with: [.success([])])
            case .alternatingWith429:
                let all = Result<[Generation], APIError>.success(Self.ids.map { Generation(id: $0, state: .processing) })
                rig.client.answerBatches(with: Array(repeating: [.failure(Self.rateLimitedNow), all], count: 50).flatMap { $0 })
            case .processing, .completed, .notFound: rig.client.answerBatches()
            }
        }
        let times = run(rig)
        expectWithinBudget(rig.client, batch: batch && kind != .garbage, label)
        switch kind {
        case .completed:
            // Answered at once and finished: never asked again (one refused batch query first).
            #expect(times.count == (batch ? 1 : 1 + Self.ids.count), "\(label): \(times.count) requests")
        case .processing:
            // Answered at once: asked again after an interval, not sooner.
            let series = batch ? [rig.client.batches.map(\.at)] : Self.ids.map { rig.client.requests(for: $0).map(\.at) }
            for polls in series {
                #expect(polls.count == 12, "\(label): polled at the interval: \(polls.count)")
                for (a, b) in zip(polls, polls.dropFirst()) {
                    #expect(b.timeIntervalSince(a) >= Self.interval, "\(label): asked again too soon")
                }
            }
        default: break
        }
    }

    static let rateLimitedNow = APIError.rateLimited(retryAfter: 0)

    static func replies(_ kind: Answer, _ id: String) -> [ScriptedClient.Reply] {
        switch kind {
        case .serverError: [.error(.server(status: 500))]
        case .garbage: [.error(garbage)]
        case .processing, .batchLeavesAllOut: [reply(id, .processing)]
        case .completed: [reply(id, .completed)]
        case .alternatingWith429: Array(repeating: [.error(rateLimitedNow), reply(id, .processing)], count: 50).flatMap { $0 }
        case .notFound: [.error(.notFound)]
        }
    }

    /// Polls the ids for `runFor` seconds of the manual clock; returns when each request went.
    func run(_ rig: PollerRig) -> [Date] {
        rig.store.track(Self.ids)
        rig.poller.start()
        rig.clock.advance(by: Self.runFor)
        rig.poller.stop()
        return rig.client.log.map(\.at)
    }

    /// The issue's bound, computed here rather than taken from the policy under test.
    func expectWithinBudget(_ client: ScriptedClient, batch: Bool, _ label: String,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        let units = batch ? (Self.ids.count + 49) / 50 : Self.ids.count
        let bound = Double(units) * (10 / Self.interval) + 5
        let most = client.mostRequests(within: 10)
        #expect(Double(most) <= bound, "\(label): \(most) requests in 10 s, bound \(bound)", sourceLocation: sourceLocation)
    }

    /// Requests grouped into rounds: those less than a quarter interval apart go together.
    static func rounds(_ times: [Date]) -> [[Date]] {
        var out: [[Date]] = []
        for t in times {
            if let last = out.last?.last, t.timeIntervalSince(last) < interval / 4 { out[out.count - 1].append(t) } else { out.append([t]) }
        }
        return out
    }
}
