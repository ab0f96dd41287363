import Foundation
import Testing
@testable import LumaKit

/// `fetchOnce`, the one-shot commands' fetch, on a manual clock against a scripted client.
@Suite struct FetchOnceTests {
    let clock = ManualScheduler()

    /// Runs a fetch to its end, moving the clock as far as `within` seconds.
    func fetch(_ client: ScriptedClient, _ ids: [String], policy: PollPolicy = PollPolicy(interval: 1),
               within: TimeInterval = 60) -> [Result<Generation, APIError>]? {
        let got = Locked<[Result<Generation, APIError>]?>(nil)
        client.fetchOnce(ids, policy: policy, scheduler: clock) { r in got.withLock { $0 = r } }
        clock.advance(by: within)
        return got.current
    }

    @Test func batchesOfTheLimitAndResultsInTheOrderOfTheIDs() throws {
        let client = ScriptedClient(clock: clock)
        client.answerBatches()
        let ids = (0..<120).map { "job-\($0)" }
        for id in ids { client.script(id, [reply(id, .completed, prompt: "prompt of \(id)")]) }
        let results = try #require(fetch(client, ids))
        #expect(results.map { try? $0.get().prompt } == ids.map { "prompt of \($0)" })
        #expect(client.batches.map(\.ids.count) == [50, 50, 20])
        #expect(client.requests.isEmpty)
        #expect(client.log.allSatisfy { $0.at == ManualScheduler.start }, "no waiting")
    }

    @Test(arguments: [APIError.notFound, .unexpectedStatus(405), .decoding(reason: "not an array", excerpt: "<html>")])
    func aRefusedBatchFallsBackToSingleGets(refusal: APIError) throws {
        let client = ScriptedClient(clock: clock)
        client.refuseBatches(refusal)
        let ids = ["a", "b", "c"]
        for id in ids { client.script(id, [reply(id, .processing)]) }
        let results = try #require(fetch(client, ids))
        #expect(results.map { try? $0.get().id } == ids)
        #expect(client.batches.count == 1)
        #expect(client.requests.map(\.ids) == [["a"], ["b"], ["c"]])
    }

    @Test func idsLeftOutOfABatchAreAskedAlone() throws {
        let client = ScriptedClient(clock: clock)
        client.answerBatches()
        client.script("known-a", [reply("known-a", .completed)])
        client.script("known-b", [reply("known-b", .failed)])
        let results = try #require(fetch(client, ["known-a", "ghost", "known-b"]))
        #expect(try results[0].get().state == .completed)
        #expect(results[1].failure == .notFound)
        #expect(try results[2].get().state == .failed)
        #expect(client.requests.map(\.ids) == [["ghost"]])
    }

    @Test func aShortHoldIsWaitedOutOnceAndNoMore() throws {
        let client = ScriptedClient(clock: clock)
        let limited = APIError.rateLimited(retryAfter: 0)
        client.script("short-1", [.error(limited), reply("short-1", .completed)])
        client.script("short-2", [.error(limited)])
        let results = try #require(fetch(client, ["short-1", "short-2"]))
        #expect(try results[0].get().state == .completed)
        #expect(results[1].failure == limited)
        for id in ["short-1", "short-2"] {
            // Held one interval (the policy's least), then asked once more.
            #expect(client.requests(for: id).map { $0.at.timeIntervalSince(ManualScheduler.start) } == [0, 1], "\(id)")
        }
    }

    @Test func aLongHoldIsReportedForTheIDsNotAskedYet() throws {
        let client = ScriptedClient(clock: clock)
        let fiveHours = APIError.rateLimited(retryAfter: 18_000)
        for id in ["held-1", "held-2", "held-3"] { client.script(id, [.error(fiveHours)]) }
        let results = try #require(fetch(client, ["held-1", "held-2", "held-3"], policy: PollPolicy(interval: 1, maxInFlight: 1),
                                         within: 0))
        #expect(results.map(\.failure) == [fiveHours, fiveHours, fiveHours])
        #expect(client.requests.map(\.ids) == [["held-1"]], "the hold covers the ids not asked yet")
    }

    @Test func aBatchOf429sHoldsEveryID() throws {
        let client = ScriptedClient(clock: clock)
        client.answerBatches(with: [.failure(.rateLimited(retryAfter: 2)),
                                    .success([Generation(id: "x", state: .completed), Generation(id: "y", state: .pending)])])
        let results = try #require(fetch(client, ["x", "y"]))
        #expect(results.map { try? $0.get().state } == [.completed, .pending])
        #expect(client.batches.map { $0.at.timeIntervalSince(ManualScheduler.start) } == [0, 2])
    }

    @Test func atMostMaxInFlightAtATime() throws {
        let client = ScriptedClient(clock: clock)
        let ids = (0..<9).map { "slow-\($0)" }
        for id in ids { client.script(id, [reply(id, .completed).delayed(1)]) }
        let results = try #require(fetch(client, ids, policy: PollPolicy(interval: 1, maxInFlight: 3, batchLimit: 1)))
        #expect(results.allSatisfy { (try? $0.get().state) == .completed })
        #expect(client.maxConcurrent == 3)
        #expect(client.requests.map { $0.at.timeIntervalSince(ManualScheduler.start) } == [0, 0, 0, 1, 1, 1, 2, 2, 2])
    }

    @Test func theBlockingFormOnTheRealClock() {
        let results = NeverSlowClient().fetchOnce(["a", "b"], policy: PollPolicy())
        #expect(results.map { try? $0.get().id } == ["a", "b"])
    }
}

/// Answers every id at once, as processing.
struct NeverSlowClient: GenerationsClient {
    func fetch(_ id: String, completion: @escaping @Sendable (Result<Generation, APIError>) -> Void) {
        completion(.success(Generation(id: id, state: .processing)))
    }
}

extension Result {
    var failure: Failure? { if case .failure(let e) = self { e } else { nil } }
}
