import Foundation
import Testing
@testable import LumaDemo
@testable import LumaKit

/// The poller's schedule of due generations, alone and in a poller with many finished.
@Suite struct DueScheduleTests {
    let t = Date(timeIntervalSince1970: 1_000_000)

    @Test func takesWhatIsDueEarliestFirstWithTiesInTrackedOrder() {
        var s = DueSchedule()
        s.set("c", due: t)
        s.set("a", due: t - 5)
        s.set("b", due: t)
        s.set("d", due: t + 10)
        s.set("e", due: nil)
        s.set("f", due: .distantPast)
        #expect(s.take(through: t).map(\.id) == ["f", "a", "c", "b"])
        #expect(s.earliest() == t + 10)
        #expect(s.count == 1)
    }

    @Test func aNewPlanReplacesTheOldAndAForgottenIdIsNeverTaken() {
        var s = DueSchedule()
        s.set("a", due: t)
        s.set("b", due: t)
        s.set("a", due: t + 5)
        s.forget("b")
        #expect(s.take(through: t).isEmpty)
        #expect(s.earliest() == t + 5)
        s.set("a", due: nil)
        #expect(s.earliest() == nil)
        #expect(s.take(through: .distantFuture).isEmpty)
    }

    /// Random plans, replans, removals and takes against a plain list sorted each time.
    @Test func agreesWithAPlainListUnderRandomChanges() {
        var rng = SplitMix64(seed: 11)
        var s = DueSchedule()
        var plain: [String: Date] = [:]
        var order: [String: Int] = [:]
        var tracked = 0
        for _ in 0..<20_000 {
            let id = "g\(rng.next() % 300)"
            switch rng.next() % 10 {
            case 0...5:
                let due: Date? = rng.next() % 5 == 0 ? nil : t + Double(rng.next() % 50)
                if order[id] == nil { order[id] = tracked; tracked += 1 }
                s.set(id, due: due)
                plain[id] = due
            case 6:
                s.forget(id)
                plain[id] = nil
                order[id] = nil
            default:
                let limit = t + Double(rng.next() % 50)
                let expected = plain.filter { $0.value <= limit }
                    .sorted { ($0.value, order[$0.key]!) < ($1.value, order[$1.key]!) }.map(\.key)
                #expect(s.take(through: limit).map(\.id) == expected)
                for id in expected { plain[id] = nil }
                #expect(s.earliest() == plain.values.min())
            }
        }
    }

    /// With 10,000 finished and three processing, rounds of polls look at the three (and at
    /// plans of theirs replaced since), never at the finished ones.
    @Test func aTickLooksAtTheDueOnesNotAtEveryTrackedGeneration() throws {
        let net = try Loopback()
        let active = (0..<3).map { "active\($0)" }
        for id in active { net.script.script(id, [answer(id, .processing)]) }
        let store = GenerationStore()
        store.insert((0..<10_000).map { n in
            TrackedGeneration(id: "done\(n)", generation: Generation(id: "done\(n)", state: .completed), firstSeen: t)
        })
        store.track(active)
        let poller = Poller(client: net.client, store: store, policy: PollPolicy(interval: 1), random: { 0.5 })
        poller.start()
        defer { poller.stop() }
        eventually("three rounds") { active.allSatisfy { (store.snapshot()[$0]?.polls ?? 0) >= 3 } }
        poller.stop()
        let polls = active.map { store.snapshot()[$0]!.polls }.reduce(0, +)
        #expect(poller.examined <= 4 * polls, "examined \(poller.examined) for \(polls) polls")
        #expect(store.snapshot().generations.filter { $0.polls > 0 }.map(\.id) == active)
    }

    /// The schedule follows the store: an id untracked is not asked again, one tracked later and a
    /// finished one refreshed are.
    @Test func followsTrackUntrackAndRefresh() throws {
        let net = try Loopback()
        for id in ["a", "b", "c"] { net.script.script(id, [answer(id, .processing)]) }
        net.script.script("done", [answer("done", .completed)])
        let store = GenerationStore()
        store.insert([TrackedGeneration(id: "done", generation: Generation(id: "done", state: .completed), firstSeen: t)])
        let poller = Poller(client: net.client, store: store, policy: PollPolicy(interval: 1), random: { 0.5 })
        store.track(["a", "b"])
        poller.start()
        defer { poller.stop() }
        eventually("a and b polled") { store.snapshot()["a"]?.polls ?? 0 >= 1 && store.snapshot()["b"]?.polls ?? 0 >= 1 }
        store.untrack(["b"])
        let asked = Self.asked("b", net)
        store.track(["c"])
        store.requestRefresh(["done"])
        eventually("c and done polled") { store.snapshot()["c"]?.polls ?? 0 >= 2 && store.snapshot()["done"]?.polls == 1 }
        eventually("a polled twice more") { store.snapshot()["a"]?.polls ?? 0 >= 3 }
        #expect(Self.asked("b", net) == asked)
    }

    static func asked(_ id: String, _ net: Loopback) -> Int {
        net.script.requests(for: id).count + net.script.batches.filter { $0.ids.contains(id) }.count
    }
}
