import Foundation
import Testing
@testable import LumaKit

/// The batch query's policy on a manual clock, against a scripted in-process client (the HTTP of
/// it is in `PollerLoopbackTests`).
@Suite struct BatchRefreshTests {
    @Test func dueGenerationsGoFiftyToARequestAndLandInTheStore() throws {
        let rig = PollerRig()
        rig.client.answerBatches()
        let ids = (0..<120).map { "job-\($0)" }
        for id in ids { rig.client.script(id, [reply(id, .processing), reply(id, .completed, prompt: "prompt of \(id)")]) }
        rig.store.track(ids)
        rig.poller.start()
        defer { rig.poller.stop() }
        rig.clock.advance(by: 1)
        #expect(rig.store.snapshot().generations.allSatisfy { $0.state == .completed })
        let batches = rig.client.batches
        #expect(batches.allSatisfy { $0.ids.count <= 50 })
        #expect(batches.prefix(3).map(\.ids.count) == [50, 50, 20], "the first round fills batches")
        // Two rounds of 120 ids: three requests each, not 240 GETs.
        #expect(batches.count == 6)
        #expect(batches.flatMap(\.ids).count == 240)
        #expect(rig.client.requests.isEmpty, "no single GETs while batches are answered")
        for id in ids {
            let g = try #require(rig.store.snapshot()[id])
            #expect(g.polls == 2 && g.generation?.prompt == "prompt of \(id)" && g.nextPollAt == nil)
        }
    }

    @Test(arguments: [APIError.notFound, .unexpectedStatus(405), .decoding(reason: "not an array", excerpt: "<html>")])
    func refusedBatchFallsBackToSingleGetsForTheRestOfTheRun(refusal: APIError) throws {
        let rig = PollerRig()
        rig.client.refuseBatches(refusal)
        let ids = (0..<6).map { "job-\($0)" }
        for id in ids { rig.client.script(id, [reply(id, .processing), reply(id, .completed)]) }
        rig.store.track(ids)
        rig.poller.start()
        defer { rig.poller.stop() }
        rig.clock.advance(by: 1)
        #expect(rig.store.snapshot().generations.allSatisfy { $0.state == .completed })
        #expect(rig.client.batches.count == 1, "asked once, then never again")
        #expect(rig.client.batches.first?.ids == ids)
        for id in ids { #expect(rig.client.requests(for: id).count == 2) }
        #expect(rig.store.snapshot().generations.allSatisfy { $0.lastError == nil }, "the refusal is not shown as an error")
        // A refresh of everything later in the run still goes one by one.
        rig.clock.advance(by: 30)
        rig.store.requestRefresh()
        rig.clock.run()
        #expect(ids.allSatisfy { rig.client.requests(for: $0).count == 3 })
        #expect(rig.client.batches.count == 1)
    }

    @Test func idsLeftOutOfABatchAreAskedAloneAndShowNotFound() throws {
        let rig = PollerRig()
        rig.client.answerBatches()
        rig.client.script("known-a", [reply("known-a", .completed)])
        rig.client.script("known-b", [reply("known-b", .completed)])
        rig.store.track(["known-a", "ghost", "known-b"])
        rig.poller.start()
        defer { rig.poller.stop() }
        rig.clock.run()
        #expect(rig.store.snapshot()["ghost"]?.condition == .notFound)
        #expect(rig.store.snapshot()["known-a"]?.state == .completed && rig.store.snapshot()["known-b"]?.state == .completed)
        #expect(rig.client.batches.count == 1)
        #expect(rig.client.requests.map(\.ids) == [["ghost"]], "only the left-out id is asked on its own")
    }

    @Test func aRefusedKeyOnTheBatchPausesPolling() throws {
        let rig = PollerRig()
        rig.client.answerBatches(with: [.failure(.unauthorized(status: 401))])
        rig.store.track(["a", "b"])
        rig.poller.start()
        defer { rig.poller.stop() }
        rig.clock.advance(by: 60)
        #expect(rig.poller.isPaused)
        #expect(rig.store.snapshot().generations.allSatisfy { $0.condition == .authError })
        #expect(rig.client.batches.count == 1 && rig.client.requests.isEmpty)
    }

    @Test func idsTrackedAtDifferentMomentsFallIntoStep() throws {
        let rig = PollerRig()
        rig.client.answerBatches()
        let ids = ["step-a", "step-b", "step-c", "step-d"]
        for id in ids { rig.client.script(id, [reply(id, .processing)]) }
        rig.poller.start()
        defer { rig.poller.stop() }
        for id in ids {
            rig.store.track([id])
            rig.clock.advance(by: 0.3)
        }
        rig.clock.advance(by: 5)
        // Within two intervals every id rides in one query per interval, not a request each.
        let settled = rig.clock.now - 3
        let late = rig.client.log.filter { $0.at > settled }
        #expect(late.count == 3, "\(late.count) requests in the last 3 s")
        #expect(late.allSatisfy { Set($0.ids) == Set(ids) }, "\(late.map(\.ids))")
    }

    @Test func batchLimitOfOneMeansSingleGets() throws {
        let rig = PollerRig(batchLimit: 1)
        rig.client.answerBatches()
        for id in ["a", "b", "c"] { rig.client.script(id, [reply(id, .completed)]) }
        rig.store.track(["a", "b", "c"])
        rig.poller.start()
        defer { rig.poller.stop() }
        rig.clock.run()
        #expect(rig.store.snapshot().generations.allSatisfy { $0.state == .completed })
        #expect(rig.client.batches.isEmpty && rig.client.requests.count == 3)
    }
}
