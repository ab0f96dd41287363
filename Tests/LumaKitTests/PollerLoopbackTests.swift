import Foundation
import Testing
import LumaDemo
@testable import LumaKit

/// The poller's HTTP wiring against a real loopback server, on the real clock: a single GET, the
/// batch query, a 429's Retry-After header, a hung answer's deadline. The policy itself is in
/// `PollerTests`, on a manual clock.
@Suite struct PollerLoopbackTests {
    func poller(_ net: Loopback) -> (GenerationStore, Poller) {
        let store = GenerationStore()
        return (store, Poller(client: net.client, store: store, policy: PollPolicy(interval: 1), random: { 0.5 }))
    }

    @Test func singleGetsFollowAGenerationToTheEnd() throws {
        let net = try Loopback()
        net.script.script("a", [answer("a", .pending), answer("a", .completed)])
        let (store, poller) = poller(net)
        store.track(["a"])
        poller.start()
        defer { poller.stop() }
        eventually("completed") { store.snapshot()["a"]?.state == .completed }
        #expect(store.snapshot()["a"]?.generation?.video?.url == "https://cdn.example/a.mp4")
        #expect(net.script.requests(for: "a").count == 2)
        #expect(net.script.requests.allSatisfy { $0.authorization == "Bearer test-key" })
    }

    @Test func theBatchQueryCarriesTheDueIDs() throws {
        let net = try Loopback()
        net.script.answerBatches()
        let ids = ["b-1", "b-2", "b-3"]
        for id in ids { net.script.script(id, [answer(id, .completed, prompt: "prompt of \(id)")]) }
        let (store, poller) = poller(net)
        store.track(ids)
        poller.start()
        defer { poller.stop() }
        eventually("all completed") { store.snapshot().generations.allSatisfy { $0.state == .completed } }
        #expect(net.script.batches.map(\.ids) == [ids])
        #expect(net.script.requests.isEmpty)
        #expect(ids.allSatisfy { store.snapshot()[$0]?.generation?.prompt == "prompt of \($0)" })
    }

    @Test(arguments: [404, 405])
    func aRefusedBatchQueryFallsBackToSingleGets(status: Int) throws {
        let net = try Loopback()
        net.script.refuseBatches(status)
        let ids = ["r-1", "r-2", "r-3"]
        for id in ids { net.script.script(id, [answer(id, .completed)]) }
        let (store, poller) = poller(net)
        store.track(ids)
        poller.start()
        defer { poller.stop() }
        eventually("all completed") { store.snapshot().generations.allSatisfy { $0.state == .completed } }
        #expect(net.script.batches.map(\.ids) == [ids], "asked once")
        #expect(net.script.requests.map(\.id).sorted() == ids)
        #expect(store.snapshot().generations.allSatisfy { $0.lastError == nil })
    }

    @Test func aRefusedKeyOnTheBatchQueryPausesPolling() throws {
        let net = try Loopback()
        net.script.answerBatches()
        let store = GenerationStore()
        let client = QuickRouterClient(endpoint: try ServiceEndpoint(net.server.baseURL), apiKey: "wrong-key")
        let poller = Poller(client: client, store: store, policy: PollPolicy(interval: 1), random: { 0.5 })
        store.track(["a", "b"])
        poller.start()
        defer { poller.stop() }
        eventually("paused") { poller.isPaused }
        #expect(store.snapshot().generations.allSatisfy { $0.condition == .authError })
        #expect(net.script.batches.count == 1 && net.script.requests.isEmpty)
    }

    @Test func retryAfterFromTheHeaderHoldsTheNextRequest() throws {
        let net = try Loopback()
        net.script.script("a", [.error(429, message: "slow down", headers: [("Retry-After", "2")]), answer("a", .completed)])
        let (store, poller) = poller(net)
        store.track(["a"])
        poller.start()
        defer { poller.stop() }
        eventually("completed") { store.snapshot()["a"]?.state == .completed }
        let times = net.script.requests(for: "a").map(\.at)
        #expect(times.count == 2)
        if times.count == 2 { #expect(times[1].timeIntervalSince(times[0]) >= 2.0, "asked again during the hold") }
    }

    @Test func hungAnswerTimesOutWithoutDelayingOthers() throws {
        let net = try Loopback(timeout: 2)
        net.script.script("stuck", [.hung])
        net.script.script("fine", [answer("fine", .pending), answer("fine", .processing), answer("fine", .completed)])
        let (store, poller) = poller(net)
        store.track(["stuck", "fine"])
        poller.start()
        defer { poller.stop() }
        eventually("fine completes") { store.snapshot()["fine"]?.state == .completed }
        eventually("deadline") { store.snapshot()["stuck"]?.lastError == .transport(.timeout(seconds: 2)) }
        // "fine" went through its three answers while "stuck" still had its first request open.
        let fineTimes = net.script.requests(for: "fine").map(\.at)
        let stuckFirst = try #require(net.script.requests(for: "stuck").first).at
        #expect(fineTimes.count == 3)
        #expect(net.script.requests(for: "stuck").filter { $0.at < fineTimes[2] }.count == 1)
        #expect(fineTimes[2] > stuckFirst)
    }
}
