import Foundation

/// A clock that moves only when told, for tests: `advance` runs what falls due, in time order
/// (ties in the order scheduled), each on its queue, and lets each queue it knows finish what it
/// was handed before it moves on. Deterministic as long as the code under test waits through its
/// scheduler and registers the queues that store events reach.
public final class ManualScheduler: Scheduler {
    private let state: Locked<State>

    private struct State {
        var now: Date
        var items: [Item] = []
        var nextOrder = 0
        var queues: [DispatchQueue] = []
    }

    private struct Item {
        let due: Date
        let order: Int
        let queue: DispatchQueue
        let work: @Sendable () -> Void
    }

    /// Where a clock starts unless told otherwise.
    public static let start = Date(timeIntervalSince1970: 1_800_000_000)

    public init(now: Date = ManualScheduler.start) {
        state = Locked(State(now: now))
    }

    public var now: Date { state.current.now }

    /// Scheduled work not run yet.
    public var pending: Int { state.current.items.count }

    @discardableResult
    public func schedule(at date: Date, on queue: DispatchQueue, _ work: @escaping @Sendable () -> Void) -> any Cancellable {
        let order = state.withLock { s in
            s.nextOrder += 1
            s.items.append(Item(due: date, order: s.nextOrder, queue: queue, work: work))
            Self.add(queue, to: &s)
            return s.nextOrder
        }
        return Entry(scheduler: self, order: order)
    }

    public func register(_ queue: DispatchQueue) {
        state.withLock { Self.add(queue, to: &$0) }
    }

    /// Moves time on by `seconds`, running everything due by then.
    public func advance(by seconds: TimeInterval) {
        advance(to: now + max(seconds, 0))
    }

    /// Moves time on to `date` (never back), running everything due by then.
    public func advance(to date: Date) {
        while true {
            settle()
            let next = state.withLock { s -> Item? in
                guard let i = s.items.indices.filter({ s.items[$0].due <= date })
                    .min(by: { (s.items[$0].due, s.items[$0].order) < (s.items[$1].due, s.items[$1].order) })
                else { return nil }
                let item = s.items.remove(at: i)
                s.now = max(s.now, item.due)
                return item
            }
            guard let next else { break }
            next.queue.sync(execute: next.work)
        }
        state.withLock { $0.now = max($0.now, date) }
    }

    /// Runs what is due now.
    public func run() { advance(by: 0) }

    /// Lets every known queue finish what it was handed so far.
    private func settle() {
        for queue in state.current.queues { queue.sync {} }
    }

    private static func add(_ queue: DispatchQueue, to s: inout State) {
        if !s.queues.contains(where: { $0 === queue }) { s.queues.append(queue) }
    }

    fileprivate func cancel(_ order: Int) {
        state.withLock { $0.items.removeAll { $0.order == order } }
    }

    private struct Entry: Cancellable {
        let scheduler: ManualScheduler
        let order: Int
        func cancel() { scheduler.cancel(order) }
    }
}
