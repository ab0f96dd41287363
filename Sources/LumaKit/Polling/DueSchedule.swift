import Foundation

/// When each tracked generation is next due, kept by the poller as answers and store events come,
/// so a tick looks at the due ones only. Generations nothing is due for (finished, never asked
/// again) are not in it. A min-heap on (due, tracked order); replaced entries stay in the heap
/// until they surface and are dropped there.
struct DueSchedule {
    struct Entry {
        let id: String
        /// `distantPast` for "whenever asked": active with no poll planned.
        let due: Date
        /// Tracked order: ties go to the one tracked first, as the store lists them.
        let order: Int
        let stamp: Int
    }

    private var heap: [Entry] = []
    /// The live entry of each scheduled id.
    private var live: [String: Entry] = [:]
    /// Tracked order of every id seen since it was tracked.
    private var orders: [String: Int] = [:]
    private var nextOrder = 0
    private var nextStamp = 0
    /// Entries taken off the heap so far, stale ones included: what ticks cost.
    private(set) var examined = 0
    /// Plans made so far (`set` calls), for tests.
    private(set) var plans = 0

    var count: Int { live.count }

    /// Plans `id` for `due` (nil: nothing planned, take it out).
    mutating func set(_ id: String, due: Date?) {
        plans += 1
        if orders[id] == nil { orders[id] = nextOrder; nextOrder += 1 }
        guard let due else { live[id] = nil; return }
        if live[id]?.due == due { return }
        let entry = Entry(id: id, due: due, order: orders[id]!, stamp: nextStamp)
        nextStamp += 1
        live[id] = entry
        push(entry)
        // Replaced entries pile up only when many plans change before coming due: start again.
        if heap.count > 2 * live.count + 64 { rebuild() }
    }

    /// Plans these ids again from what the store says of them, but not `skipped` (in flight);
    /// returns the earliest plan made.
    mutating func replan(_ ids: [String], from snapshot: StoreSnapshot, except skipped: Set<String>) -> Date? {
        var earliest: Date?
        for id in ids where !skipped.contains(id) {
            guard let g = snapshot[id] else { forget(id); continue }
            let due = Self.plan(g)
            set(id, due: due)
            if let due { earliest = min(earliest ?? due, due) }
        }
        return earliest
    }

    /// When a tracked generation should be polled; nil for never (finished, nothing asked).
    static func dueTime(_ g: TrackedGeneration, now: Date) -> Date? {
        plan(g).map { $0 == .distantPast ? now : $0 }
    }

    /// Its place in the schedule: `distantPast` for "at every tick" (active, nothing planned).
    static func plan(_ g: TrackedGeneration) -> Date? {
        // The account's list re-read keeps a recent one up to date.
        if g.isRecent { return nil }
        if let next = g.nextPollAt { return next }
        if g.isFinished { return nil }
        if case .invalidID? = g.lastError { return nil }
        return .distantPast
    }

    /// An id no longer tracked: forgotten, tracked order included.
    mutating func forget(_ id: String) {
        live[id] = nil
        orders[id] = nil
    }

    /// Takes out every entry due at or before `limit`, earliest first.
    mutating func take(through limit: Date) -> [Entry] {
        var out: [Entry] = []
        while let top = heap.first, top.due <= limit {
            popTop()
            examined += 1
            guard live[top.id]?.stamp == top.stamp else { continue }
            live[top.id] = nil
            out.append(top)
        }
        return out
    }

    /// The earliest planned time, if any.
    mutating func earliest() -> Date? {
        while let top = heap.first, live[top.id]?.stamp != top.stamp {
            popTop()
            examined += 1
        }
        return heap.first?.due
    }

    private mutating func rebuild() {
        heap = live.values.sorted(by: Self.before)
    }

    private static func before(_ a: Entry, _ b: Entry) -> Bool {
        a.due != b.due ? a.due < b.due : a.order < b.order
    }

    private mutating func push(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.before(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func popTop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var first = parent
            if left < heap.count, Self.before(heap[left], heap[first]) { first = left }
            if right < heap.count, Self.before(heap[right], heap[first]) { first = right }
            if first == parent { return }
            heap.swapAt(parent, first)
            parent = first
        }
    }
}
