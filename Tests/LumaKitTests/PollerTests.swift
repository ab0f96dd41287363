import Foundation
import Testing
@testable import LumaKit

/// The poller's policy on a manual clock, against a scripted in-process client: every wait is
/// exact and nothing sleeps. `PollerLoopbackTests` keeps the HTTP wiring.
@Suite struct PollerTests {
    @Test func statesAdvanceAndPollingStopsAtCompletion() throws {
        let rig = PollerRig()
        rig.client.script("a", [reply("a", .pending), reply("a", .processing), reply("a", .completed)])
        let changes = Locked([String]())
        let sub = rig.store.events.subscribe { e in
            if case .updated(let id, true, _) = e { changes.withLock { $0.append(rig.store.snapshot()[id]!.condition.word) } }
        }
        rig.store.track(["a"])
        rig.poller.start()
        defer { rig.poller.stop() }
        for _ in 0..<3 {
            rig.clock.run()
            sub.flush()
            rig.clock.advance(by: 1)
        }
        #expect(rig.store.snapshot()["a"]?.state == .completed)
        #expect(changes.current == ["pending", "processing", "completed"])
        #expect(rig.store.snapshot()["a"]?.nextPollAt == nil)
        #expect(rig.client.requests(for: "a").map { rig.elapsed($0.at) } == [0, 1, 2], "one interval apart")
        rig.clock.advance(by: 60)
        #expect(rig.client.requests(for: "a").count == 3, "a finished generation is not polled again")
    }

    @Test func refreshAsksAgainForAFinishedGeneration() throws {
        let rig = PollerRig()
        rig.client.script("a", [reply("a", .completed)])
        rig.store.track(["a"])
        rig.poller.start()
        defer { rig.poller.stop() }
        rig.clock.run()
        #expect(rig.store.snapshot()["a"]?.state == .completed)
        rig.clock.advance(by: 10)
        rig.store.requestRefresh(["a"])
        rig.clock.run()
        #expect(rig.client.requests(for: "a").count == 2)
        #expect(rig.store.snapshot()["a"]?.polls == 2)
        rig.clock.advance(by: 60)
        #expect(rig.client.requests(for: "a").count == 2)
    }

    @Test func rateLimitHoldsEveryRequestUntilRetryAfter() throws {
        let rig = PollerRig()
        rig.client.script("a", [.error(.rateLimited(retryAfter: 2)), reply("a", .completed)])
        rig.client.script("b", [reply("b", .completed)])
        rig.store.track(["a"])
        rig.poller.start()
        defer { rig.poller.stop() }
        rig.clock.run()
        #expect(rig.store.snapshot()["a"]?.lastError == .rateLimited(retryAfter: 2))
        #expect(rig.store.snapshot().status.rateLimitedUntil == rig.clock.now + 2)
        rig.store.track(["b"]) // a new id must wait for the hold as well
        rig.clock.advance(by: 1.99)
        #expect(rig.client.log.count == 1, "nothing is asked during the hold")
        rig.clock.advance(by: 0.01)
        #expect(rig.store.snapshot().generations.allSatisfy { $0.isFinished })
        let later = rig.client.requests.dropFirst()
        #expect(later.count == 2)
        for r in later { #expect(rig.elapsed(r.at) == 2, "\(r.ids) asked at \(rig.elapsed(r.at)) s") }
        #expect(rig.store.snapshot().status.rateLimitedUntil == nil)
    }

    @Test func serverErrorsBackOffThenSucceed() throws {
        let rig = PollerRig()
        rig.client.script("a", [.error(.server(status: 500)), .error(.server(status: 500)), reply("a", .completed)])
        rig.store.track(["a"])
        rig.poller.start()
        defer { rig.poller.stop() }
        rig.clock.run()
        #expect(rig.store.snapshot()["a"]?.condition == .retrying)
        #expect(rig.store.snapshot()["a"]?.lastError == .server(status: 500))
        rig.clock.advance(by: 10)
        #expect(rig.store.snapshot()["a"]?.state == .completed)
        // With the jitter pinned at its middle, the waits are 1 s then 2 s: exponential.
        #expect(rig.client.requests(for: "a").map { rig.elapsed($0.at) } == [0, 1, 3])
        #expect(rig.store.snapshot()["a"]?.lastError == nil)
    }

    @Test func backoffIsCappedWithJitter() {
        let p = PollPolicy(interval: 5)
        #expect(p.backoff(failures: 1, unit: 0.5) == 5)
        #expect(p.backoff(failures: 2, unit: 0.5) == 10)
        #expect(p.backoff(failures: 3, unit: 0) == 16)
        #expect(p.backoff(failures: 30, unit: 1) == 60)
        #expect(p.backoff(failures: 30, unit: 0) == 48)
    }

    @Test func aHungAnswerDelaysNoOther() throws {
        let rig = PollerRig()
        rig.client.script("stuck", [.hung])
        rig.client.script("fine", [reply("fine", .pending), reply("fine", .processing), reply("fine", .completed)])
        rig.store.track(["stuck", "fine"])
        rig.poller.start()
        defer { rig.poller.stop() }
        rig.clock.advance(by: 2)
        #expect(rig.store.snapshot()["fine"]?.state == .completed)
        #expect(rig.client.requests(for: "fine").map { rig.elapsed($0.at) } == [0, 1, 2])
        #expect(rig.client.requests(for: "stuck").count == 1, "never asked twice at once")
    }

    @Test func unauthorizedPausesEverythingUntilResumed() throws {
        let rig = PollerRig(maxInFlight: 1)
        rig.client.script("a", [.error(.unauthorized(status: 401)), reply("a", .completed)])
        rig.client.script("b", [reply("b", .pending)])
        rig.store.track(["a"])
        rig.poller.start()
        defer { rig.poller.stop() }
        rig.clock.run()
        #expect(rig.store.snapshot().status.authFailure != nil)
        #expect(rig.poller.isPaused)
        #expect(rig.store.snapshot()["a"]?.condition == .authError)
        rig.store.track(["b"])
        rig.clock.advance(by: 600)
        #expect(rig.client.log.count == 1, "nothing is asked while paused")
        rig.poller.resume()
        rig.clock.run()
        #expect(rig.store.snapshot()["a"]?.state == .completed && rig.store.snapshot()["b"]?.state == .pending)
        #expect(rig.store.snapshot().status.authFailure == nil)
    }

    @Test func notFoundIsMarkedAndRetriedSlowly() throws {
        let rig = PollerRig()
        rig.store.track(["ghost"])
        rig.poller.start()
        defer { rig.poller.stop() }
        rig.clock.run()
        let g = try #require(rig.store.snapshot()["ghost"])
        #expect(g.condition == .notFound)
        #expect(try #require(g.nextPollAt).timeIntervalSince(try #require(g.lastPolledAt)) == 60)
        rig.clock.advance(by: 59.9)
        #expect(rig.client.requests(for: "ghost").count == 1)
        rig.clock.advance(by: 0.1)
        #expect(rig.client.requests(for: "ghost").count == 2, "asked again after a minute")
    }

    @Test func inFlightCapHoldsAndNoTaskIsAskedTwiceAtOnce() throws {
        let rig = PollerRig(maxInFlight: 3)
        let ids = (0..<10).map { "job\($0)" }
        for id in ids { rig.client.script(id, [reply(id, .processing).delayed(0.3), reply(id, .completed).delayed(0.3)]) }
        rig.store.track(ids)
        rig.poller.start()
        defer { rig.poller.stop() }
        rig.clock.advance(by: 10)
        #expect(rig.store.snapshot().generations.allSatisfy { $0.state == .completed })
        #expect(rig.client.maxConcurrent == 3)
        for id in ids { #expect(rig.client.requests(for: id).count == 2) }
    }

    @Test func slowAnswerIsNeverOverlappedForOneTask() throws {
        let rig = PollerRig()
        rig.client.script("slow", [reply("slow", .processing).delayed(1.5)])
        rig.store.track(["slow"])
        rig.poller.start()
        defer { rig.poller.stop() }
        rig.clock.advance(by: 5)
        // Asked at 0, answered at 1.5, asked at 2.5 (an interval after the answer), and so on.
        #expect(rig.client.requests(for: "slow").map { rig.elapsed($0.at) } == [0, 2.5, 5])
        #expect(rig.client.maxConcurrent == 1)
    }

    @Test func unknownStateIsPolledSlowly() throws {
        let rig = PollerRig()
        rig.client.script("d", [ScriptedClient.Reply(result: .success(Generation(id: "d", state: .unknown("dreaming"))))])
        rig.store.track(["d"])
        rig.poller.start()
        defer { rig.poller.stop() }
        rig.clock.run()
        let g = try #require(rig.store.snapshot()["d"])
        #expect(g.state == .unknown("dreaming"))
        #expect(try #require(g.nextPollAt).timeIntervalSince(try #require(g.lastPolledAt)) == 15)
        #expect(g.condition.word == "dreaming")
        rig.clock.advance(by: 30)
        #expect(rig.client.requests(for: "d").map { rig.elapsed($0.at) } == [0, 15, 30])
    }

    @Test func stopsCleanly() throws {
        let rig = PollerRig()
        rig.client.script("a", [reply("a", .processing)])
        rig.store.track(["a"])
        rig.poller.start()
        rig.clock.run()
        #expect(rig.client.log.count == 1)
        rig.poller.stop()
        rig.clock.advance(by: 10)
        #expect(rig.client.log.count == 1)
        rig.poller.start()
        rig.clock.run()
        #expect(rig.client.log.count == 2, "restarted")
        rig.poller.stop()
    }

    /// Each answer is planned once: the poller's own updates are not planned again when their
    /// events come back, while another's update of the same id is.
    @Test func ownAnswersArePlannedOnceAndOthersUpdatesFollowed() throws {
        let rig = PollerRig()
        rig.client.script("a", [reply("a", .processing)])
        rig.store.track(["a"])
        rig.poller.start()
        defer { rig.poller.stop() }
        rig.clock.advance(by: 3)
        let examined = rig.poller.examined
        #expect(examined == 4, "one look per poll: \(examined)")
        #expect(rig.poller.plans == 5, "one plan at start, one per answer: \(rig.poller.plans)")
        // Another's answer for the same id, due sooner: the poller follows it.
        rig.store.apply("a", .success(Generation(id: "a", state: .processing)), at: rig.clock.now, nextPollAt: rig.clock.now + 0.5)
        rig.clock.advance(by: 0.5)
        #expect(rig.client.requests(for: "a").map { rig.elapsed($0.at) } == [0, 1, 2, 3, 3.5])
    }
}
