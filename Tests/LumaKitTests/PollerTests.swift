import Foundation
import Testing
import LumaDemo
@testable import LumaKit

/// The poller against a real loopback server with scripted answers.
@Suite struct PollerTests {
    func poller(_ net: Loopback, interval: TimeInterval = 1, maxInFlight: Int = 4) -> (GenerationStore, Poller) {
        let store = GenerationStore()
        let poller = Poller(client: net.client, store: store, policy: PollPolicy(interval: interval, maxInFlight: maxInFlight),
                            random: { 0.5 })
        return (store, poller)
    }

    @Test func statesAdvanceAndPollingStopsAtCompletion() throws {
        let net = try Loopback()
        net.script.script("a", [answer("a", .pending), answer("a", .processing), answer("a", .completed)])
        let (store, poller) = poller(net)
        let changes = Locked([String]())
        let sub = store.events.subscribe { e in
            if case .updated(let id, true, _) = e { changes.withLock { $0.append(store.snapshot()[id]!.condition.word) } }
        }
        store.track(["a"])
        poller.start()
        defer { poller.stop() }
        eventually("completed") { store.snapshot()["a"]?.state == .completed }
        #expect(changes.current == ["pending", "processing", "completed"])
        #expect(store.snapshot()["a"]?.nextPollAt == nil)
        Thread.sleep(forTimeInterval: 2.5)
        #expect(net.script.requests(for: "a").count == 3, "a finished generation is not polled again")
        _ = sub
    }

    @Test func refreshAsksAgainForAFinishedGeneration() throws {
        let net = try Loopback()
        net.script.script("a", [answer("a", .completed)])
        let (store, poller) = poller(net)
        store.track(["a"])
        poller.start()
        defer { poller.stop() }
        eventually { store.snapshot()["a"]?.state == .completed }
        store.requestRefresh(["a"])
        eventually("refresh") { net.script.requests(for: "a").count == 2 }
        eventually { store.snapshot()["a"]?.polls == 2 }
        Thread.sleep(forTimeInterval: 1.5)
        #expect(net.script.requests(for: "a").count == 2)
    }

    @Test func rateLimitHoldsEveryRequestUntilRetryAfter() throws {
        let net = try Loopback()
        net.script.script("a", [.error(429, message: "slow down", headers: [("Retry-After", "2")]), answer("a", .completed)])
        net.script.script("b", [answer("b", .completed)])
        let (store, poller) = poller(net)
        store.track(["a"])
        poller.start()
        defer { poller.stop() }
        eventually("429") { store.snapshot()["a"]?.lastError != nil }
        let limitedAt = try #require(net.script.requests.first).at
        #expect(store.snapshot().status.rateLimitedUntil != nil)
        store.track(["b"]) // a new id must wait for the hold as well
        eventually("both done") { store.snapshot().generations.allSatisfy(\.isFinished) }
        let later = net.script.requests.dropFirst()
        #expect(later.count == 2)
        for r in later { #expect(r.at.timeIntervalSince(limitedAt) >= 2.0, "request \(r.id) came during the hold") }
        #expect(store.snapshot().status.rateLimitedUntil == nil)
    }

    @Test func serverErrorsBackOffThenSucceed() throws {
        let net = try Loopback()
        net.script.script("a", [.error(500, message: "oops"), .error(500, message: "oops"), answer("a", .completed)])
        let (store, poller) = poller(net, interval: 1)
        store.track(["a"])
        poller.start()
        defer { poller.stop() }
        eventually("retrying") { store.snapshot()["a"]?.condition == .retrying }
        #expect(store.snapshot()["a"]?.lastError == .server(status: 500))
        eventually("completed") { store.snapshot()["a"]?.state == .completed }
        let times = net.script.requests(for: "a").map(\.at)
        #expect(times.count == 3)
        // With the jitter pinned at its middle, the waits are 1 s then 2 s: exponential.
        #expect(times[1].timeIntervalSince(times[0]) >= 0.95)
        #expect(times[2].timeIntervalSince(times[1]) >= 1.95)
        #expect(store.snapshot()["a"]?.lastError == nil)
    }

    @Test func backoffIsCappedWithJitter() {
        let p = PollPolicy(interval: 5)
        #expect(p.backoff(failures: 1, unit: 0.5) == 5)
        #expect(p.backoff(failures: 2, unit: 0.5) == 10)
        #expect(p.backoff(failures: 3, unit: 0) == 16)
        #expect(p.backoff(failures: 30, unit: 1) == 60)
        #expect(p.backoff(failures: 30, unit: 0) == 48)
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

    @Test func unauthorizedPausesEverythingUntilResumed() throws {
        let net = try Loopback()
        net.script.script("a", [.error(401, message: "bad key"), answer("a", .completed)])
        net.script.script("b", [answer("b", .pending)])
        let (store, poller) = poller(net, maxInFlight: 1)
        store.track(["a"])
        poller.start()
        defer { poller.stop() }
        eventually("paused") { store.snapshot().status.authFailure != nil }
        #expect(poller.isPaused)
        #expect(store.snapshot()["a"]?.condition == .authError)
        store.track(["b"])
        Thread.sleep(forTimeInterval: 2)
        #expect(net.script.requests.count == 1, "nothing is asked while paused")
        poller.resume()
        eventually("resumed") { store.snapshot()["a"]?.state == .completed && store.snapshot()["b"]?.state == .pending }
        #expect(store.snapshot().status.authFailure == nil)
    }

    @Test func notFoundIsMarkedAndRetriedSlowly() throws {
        let net = try Loopback()
        let (store, poller) = poller(net)
        store.track(["ghost"])
        poller.start()
        defer { poller.stop() }
        eventually { store.snapshot()["ghost"]?.condition == .notFound }
        let g = try #require(store.snapshot()["ghost"])
        let wait = try #require(g.nextPollAt).timeIntervalSince(try #require(g.lastPolledAt))
        #expect(abs(wait - 60) < 0.001)
        Thread.sleep(forTimeInterval: 1.5)
        #expect(net.script.requests(for: "ghost").count == 1)
    }

    @Test func inFlightCapHoldsAndNoTaskIsAskedTwiceAtOnce() throws {
        let net = try Loopback()
        let ids = (0..<10).map { "job\($0)" }
        for id in ids { net.script.script(id, [answer(id, .processing).delayed(0.3), answer(id, .completed).delayed(0.3)]) }
        let (store, poller) = poller(net, interval: 1, maxInFlight: 3)
        store.track(ids)
        poller.start()
        defer { poller.stop() }
        eventually("all completed") { store.snapshot().generations.allSatisfy { $0.state == .completed } }
        #expect(net.script.maxConcurrent <= 3)
        #expect(net.script.maxConcurrent >= 2)
        for id in ids { #expect(net.script.requests(for: id).count == 2) }
    }

    @Test func slowAnswerIsNeverOverlappedForOneTask() throws {
        let net = try Loopback()
        net.script.script("slow", [answer("slow", .processing).delayed(1.5)])
        let (store, poller) = poller(net, interval: 1)
        store.track(["slow"])
        poller.start()
        eventually("three polls") { net.script.requests(for: "slow").count >= 3 }
        poller.stop()
        #expect(net.script.maxConcurrent == 1)
    }

    @Test func unknownStateIsPolledSlowly() throws {
        let net = try Loopback()
        net.script.script("d", [.generation(Generation(id: "d", state: .unknown("dreaming")))])
        let (store, poller) = poller(net, interval: 1)
        store.track(["d"])
        poller.start()
        defer { poller.stop() }
        eventually { store.snapshot()["d"]?.state == .unknown("dreaming") }
        let g = try #require(store.snapshot()["d"])
        #expect(try #require(g.nextPollAt).timeIntervalSince(try #require(g.lastPolledAt)) == 15)
        #expect(g.condition.word == "dreaming")
    }

    @Test func stopsCleanly() throws {
        let net = try Loopback()
        net.script.script("a", [answer("a", .processing)])
        let (store, poller) = poller(net, interval: 1)
        store.track(["a"])
        poller.start()
        eventually { net.script.requests.count >= 1 }
        poller.stop()
        let count = net.script.requests.count
        Thread.sleep(forTimeInterval: 1.5)
        #expect(net.script.requests.count == count)
        poller.start()
        eventually("restarted") { net.script.requests.count > count }
        poller.stop()
    }
}
