import Foundation
import Testing
import LumaDemo
@testable import LumaKit

/// The batch query (`POST /luma/tasks`) against a real loopback server with scripted answers.
@Suite struct BatchRefreshTests {
    func poller(_ net: Loopback, maxInFlight: Int = 4) -> (GenerationStore, Poller) {
        let store = GenerationStore()
        let poller = Poller(client: net.client, store: store, policy: PollPolicy(interval: 1, maxInFlight: maxInFlight),
                            random: { 0.5 })
        return (store, poller)
    }

    @Test func dueGenerationsGoFiftyToARequestAndLandInTheStore() throws {
        let net = try Loopback()
        net.script.answerBatches()
        let ids = (0..<120).map { "job-\($0)" }
        for id in ids { net.script.script(id, [answer(id, .processing), answer(id, .completed, prompt: "prompt of \(id)")]) }
        let (store, poller) = poller(net)
        store.track(ids)
        poller.start()
        defer { poller.stop() }
        eventually("all completed") { store.snapshot().generations.allSatisfy { $0.state == .completed } }
        let batches = net.script.batches
        #expect(batches.allSatisfy { $0.ids.count <= 50 })
        // The first round's three requests go out together, so they may arrive in any order.
        #expect(batches.prefix(3).map(\.ids.count).sorted() == [20, 50, 50], "the first round fills batches")
        // Two rounds of 120 ids: three requests each, not 240 GETs.
        #expect(batches.count == 6)
        #expect(batches.flatMap(\.ids).count == 240)
        #expect(net.script.requests.isEmpty, "no single GETs while batches are answered")
        for id in ids {
            let g = try #require(store.snapshot()[id])
            #expect(g.polls == 2 && g.generation?.prompt == "prompt of \(id)" && g.nextPollAt == nil)
        }
    }

    @Test(arguments: [404, 405])
    func refusedBatchFallsBackToSingleGetsForTheRestOfTheRun(status: Int) throws {
        let net = try Loopback()
        net.script.refuseBatches(status)
        let ids = (0..<6).map { "job-\($0)" }
        for id in ids { net.script.script(id, [answer(id, .processing), answer(id, .completed)]) }
        let (store, poller) = poller(net)
        store.track(ids)
        poller.start()
        defer { poller.stop() }
        eventually("all completed") { store.snapshot().generations.allSatisfy { $0.state == .completed } }
        #expect(net.script.batches.count == 1, "asked once, then never again")
        #expect(net.script.batches.first?.ids == ids)
        for id in ids { #expect(net.script.requests(for: id).count == 2) }
        #expect(store.snapshot().generations.allSatisfy { $0.lastError == nil }, "the refusal is not shown as an error")
        // A refresh of everything later in the run still goes one by one.
        store.requestRefresh()
        eventually("refreshed") { ids.allSatisfy { net.script.requests(for: $0).count == 3 } }
        #expect(net.script.batches.count == 1)
    }

    @Test func idsLeftOutOfABatchAreAskedAloneAndShowNotFound() throws {
        let net = try Loopback()
        net.script.answerBatches()
        net.script.script("known-a", [answer("known-a", .completed)])
        net.script.script("known-b", [answer("known-b", .completed)])
        let (store, poller) = poller(net)
        store.track(["known-a", "ghost", "known-b"])
        poller.start()
        defer { poller.stop() }
        eventually("ghost not found") { store.snapshot()["ghost"]?.condition == .notFound }
        #expect(store.snapshot()["known-a"]?.state == .completed && store.snapshot()["known-b"]?.state == .completed)
        #expect(net.script.batches.count == 1)
        #expect(net.script.requests.map(\.id) == ["ghost"], "only the left-out id is asked on its own")
    }

    @Test func aRefusedKeyOnTheBatchPausesPolling() throws {
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

    @Test func idsTrackedAtDifferentMomentsFallIntoStep() throws {
        let net = try Loopback()
        net.script.answerBatches()
        let ids = ["step-a", "step-b", "step-c", "step-d"]
        for id in ids { net.script.script(id, [answer(id, .processing)]) }
        let (store, poller) = poller(net)
        poller.start()
        defer { poller.stop() }
        for id in ids {
            store.track([id])
            Thread.sleep(forTimeInterval: 0.3)
        }
        Thread.sleep(forTimeInterval: 5)
        // Within two intervals every id rides in one query per interval, not a request each.
        let settled = Date() - 3
        let late = net.script.batches.filter { $0.at > settled }.map(\.ids)
            + net.script.requests.filter { $0.at > settled }.map { [$0.id] }
        #expect(late.count <= 4, "\(late.count) requests in the last 3 s")
        #expect(late.allSatisfy { Set($0) == Set(ids) }, "\(late)")
    }

    @Test func batchLimitOfOneMeansSingleGets() throws {
        let net = try Loopback()
        net.script.answerBatches()
        for id in ["a", "b", "c"] { net.script.script(id, [answer(id, .completed)]) }
        let store = GenerationStore()
        let poller = Poller(client: net.client, store: store, policy: PollPolicy(interval: 1, batchLimit: 1))
        store.track(["a", "b", "c"])
        poller.start()
        defer { poller.stop() }
        eventually("all completed") { store.snapshot().generations.allSatisfy { $0.state == .completed } }
        #expect(net.script.batches.isEmpty && net.script.requests.count == 3)
    }
}
