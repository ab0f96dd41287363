import Foundation
import Testing
import LumaKit
import LumaUI

/// The list's order kept between frames is the order worked out afresh, whatever changed.
@Suite struct RowOrderCacheTests {
    /// Random tracks, untracks, answers (new states, creation times, prompts, the same answer
    /// again), failures, refreshes, saved paths, sorts and filters: after each, the kept order
    /// equals a fresh one, and poll bookkeeping alone never sorts again.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func keptOrderIsTheFreshOrderAfterEveryChange(seed: UInt64) {
        var bits = seed &* 0x2545_F491_4F6C_DD1D
        func roll(_ n: Int) -> Int {
            bits ^= bits << 13; bits ^= bits >> 7; bits ^= bits << 17
            return Int(bits % UInt64(n))
        }
        let clock = Locked(Samples.now)
        let store = GenerationStore(now: { clock.current })
        var state = DashboardState()
        var cache = RowOrderCache()
        let states: [GenerationState] = [.pending, .processing, .completed, .failed, .unknown("dreaming")]
        let prompts = ["cat dance", "a fox in snow", "retro city", nil]
        let errors: [APIError] = [.server(status: 502), .notFound, .unauthorized(status: 401)]
        var nextID = 0
        _ = cache.order(state, store.snapshot())
        for _ in 0..<3_000 {
            let ids = store.ids
            let someID = ids.isEmpty ? nil : ids[roll(ids.count)]
            var bookkeepingOnly = false
            clock.withLock { $0 += Double(roll(3)) }
            switch roll(10) {
            case 0:
                store.track((0..<1 + roll(3)).map { _ in nextID += 1; return "g\(nextID)-b\(nextID % 4)" })
            case 1:
                if let someID { store.untrack([someID]) }
            case 2, 3:
                guard let someID else { continue }
                let created = roll(3) == 0 ? nil : Samples.now + Double(roll(20))
                let answer = Generation(id: someID, state: states[roll(states.count)], prompt: prompts[roll(prompts.count)],
                                        createdAt: created)
                store.apply(someID, .success(answer), at: clock.current, nextPollAt: nil)
            case 4:
                guard let someID else { continue }
                store.apply(someID, .failure(errors[roll(errors.count)]), at: clock.current, nextPollAt: nil)
            case 5:
                guard let someID, let g = store.snapshot()[someID], let answer = g.generation, g.lastError == nil else { continue }
                store.apply(someID, .success(answer), at: clock.current, nextPollAt: clock.current + 1)
                bookkeepingOnly = true
            case 6:
                store.requestRefresh(someID.map { [$0] })
                bookkeepingOnly = true
            case 7:
                guard let someID else { continue }
                store.recordSaved(someID, path: roll(2) == 0 ? nil : "/tmp/\(someID).mp4")
                bookkeepingOnly = true
            case 8:
                state.sort = SortOrder.allCases[roll(SortOrder.allCases.count)]
            default:
                state.filter = ["", "proc", "cat", "b1", "retry", "not found", "G1"][roll(7)]
            }
            let snapshot = store.snapshot()
            let before = cache.recomputed
            #expect(cache.order(state, snapshot) == state.rowOrder(snapshot))
            if bookkeepingOnly { #expect(cache.recomputed == before, "sorted again after poll bookkeeping") }
        }
        #expect(cache.recomputed < 3_000)
    }

    /// A frame drawn with the kept order is the frame drawn without it.
    @Test func aFrameWithTheKeptOrderIsTheSame() {
        let snapshot = Samples.store().snapshot()
        var cache = RowOrderCache()
        for sort in SortOrder.allCases {
            var state = DashboardState()
            state.sort = sort
            state.selectedID = snapshot.generations[3].id
            var kept = state
            let order = cache.order(state, snapshot)
            kept.scrollIntoView(snapshot, order: order, visibleRows: 2)
            state.scrollIntoView(snapshot, visibleRows: 2)
            #expect(kept == state)
            var frame = Frame(state: state, snapshot: snapshot, width: 120, height: 12, now: Samples.now, host: "h",
                              timeZone: Samples.utc)
            let fresh = DashboardView.render(frame)
            frame.rowOrder = order
            #expect(DashboardView.render(frame) == fresh)
        }
    }
}
