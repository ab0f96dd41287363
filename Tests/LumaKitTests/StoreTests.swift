import Foundation
import Testing
@testable import LumaKit

@Suite struct StoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func answer(_ id: String, _ state: GenerationState) -> Generation { Generation(id: id, state: state, prompt: "p") }

    @Test func eventsArriveInOrderOfChanges() {
        let store = GenerationStore(now: { Self.t0 })
        let seen = Locked([StoreEvent]())
        let sub = store.events.subscribe { e in seen.withLock { $0.append(e) } }
        store.track(["a", "b"])
        store.track(["b", "c"])
        store.apply("a", .success(answer("a", .pending)), at: Self.t0, nextPollAt: nil)
        store.apply("a", .success(answer("a", .pending)), at: Self.t0, nextPollAt: nil)
        store.apply("a", .success(answer("a", .completed)), at: Self.t0 + 5, nextPollAt: nil)
        store.untrack(["b", "zzz"])
        store.apply("b", .failure(.notFound), at: Self.t0, nextPollAt: nil) // untracked: ignored
        sub.flush()
        #expect(seen.current == [
            .tracked(["a", "b"]), .tracked(["c"]),
            // The same answer again changes nothing the tracked list keeps.
            .updated(id: "a", stateChanged: true, kept: true), .updated(id: "a", stateChanged: false, kept: false),
            .updated(id: "a", stateChanged: true, kept: true), .untracked(["b"]),
        ])
        _ = sub
    }

    @Test func storeRecordsHistoryOfOneGeneration() throws {
        let store = GenerationStore(now: { Self.t0 })
        store.track(["a"])
        store.apply("a", .success(answer("a", .processing)), at: Self.t0 + 1, nextPollAt: Self.t0 + 6)
        store.apply("a", .failure(.server(status: 500)), at: Self.t0 + 6, nextPollAt: Self.t0 + 8)
        let g = try #require(store.snapshot()["a"])
        #expect(g.polls == 2)
        #expect(g.state == .processing)
        #expect(g.lastError == .server(status: 500))
        #expect(g.condition == .retrying)
        #expect(g.nextPollAt == Self.t0 + 8)
        #expect(g.firstSeen == Self.t0)
        #expect(g.stateChangedAt == Self.t0 + 6)
        store.apply("a", .success(answer("a", .completed)), at: Self.t0 + 9, nextPollAt: nil)
        let done = try #require(store.snapshot()["a"])
        #expect(done.lastError == nil && done.isFinished && done.stateChangedAt == Self.t0 + 9)
        #expect(store.snapshot().status.lastSuccessAt == Self.t0 + 9)
    }

    @Test func snapshotIsAValue() {
        let store = GenerationStore()
        store.track(["a"])
        let before = store.snapshot()
        store.track(["b"])
        #expect(before.generations.map(\.id) == ["a"])
        #expect(store.snapshot().generations.map(\.id) == ["a", "b"])
        #expect(store.snapshot().version == before.version + 1)
    }

    @Test func concurrentPublishersKeepOneOrderForEverySubscriber() {
        let store = GenerationStore()
        let ids = (0..<200).map { "id\($0)" }
        let first = Locked([StoreEvent]()), second = Locked([StoreEvent]())
        let s1 = store.events.subscribe { e in first.withLock { $0.append(e) } }
        let s2 = store.events.subscribe { e in second.withLock { $0.append(e) } }
        DispatchQueue.concurrentPerform(iterations: ids.count) { i in store.track([ids[i]]) }
        store.events.flush()
        #expect(first.current.count == 200)
        #expect(first.current == second.current)
        // Events follow the order the store took the changes in.
        let order = store.snapshot().generations.map(\.id)
        #expect(first.current == order.map { StoreEvent.tracked([$0]) })
        _ = (s1, s2)
    }

    @Test func cancelledSubscriptionHearsNothing() {
        let channel = Channel<Int>()
        let got = Locked([Int]())
        let sub = channel.subscribe { v in got.withLock { $0.append(v) } }
        channel.publish(1)
        sub.flush()
        sub.cancel()
        channel.publish(2)
        #expect(got.current == [1])
        #expect(channel.subscriberCount == 0)
    }

    @Test func subscriberMayPublishFromItsCallback() {
        let channel = Channel<Int>()
        let got = Locked([Int]())
        let sub = channel.subscribe { v in
            got.withLock { $0.append(v) }
            if v == 1 { channel.publish(2) }
        }
        channel.publish(1)
        // Delivered after the current one: the first flush sees 1 delivered, the second the 2 it published.
        sub.flush()
        sub.flush()
        channel.publish(3)
        sub.flush()
        #expect(got.current == [1, 2, 3])
        _ = sub
    }

    @Test func conditionWords() {
        var g = TrackedGeneration(id: "a", firstSeen: Self.t0)
        #expect(g.condition.word == "waiting")
        g.lastError = .notFound
        #expect(g.condition.word == "not found")
        g.lastError = .unauthorized(status: 401)
        #expect(g.condition.word == "auth error")
        g.lastError = .transport(.timeout(seconds: 20))
        #expect(g.condition.word == "retrying")
        g.generation = answer("a", .completed)
        #expect(g.condition.word == "completed")
    }
}
