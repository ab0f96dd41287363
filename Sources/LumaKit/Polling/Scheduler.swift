import Foundation

/// The clock and timers of everything time-based in the engine, injected so that tests move time
/// themselves (`ManualScheduler`) instead of sleeping; `DispatchScheduler` in production.
public protocol Scheduler: Sendable {
    var now: Date { get }

    /// Runs `work` on `queue` once `date` has come (soon, when it has), unless cancelled first.
    @discardableResult
    func schedule(at date: Date, on queue: DispatchQueue, _ work: @escaping @Sendable () -> Void) -> any Cancellable

    /// Says that work reaches `queue` from elsewhere too (store events): a test scheduler lets it
    /// run before it moves time on.
    func register(_ queue: DispatchQueue)
}

public protocol Cancellable: Sendable {
    func cancel()
}

extension Scheduler {
    public func register(_ queue: DispatchQueue) {}

    /// Hands `work` to `queue` now, through the scheduler: a test scheduler runs it in turn with
    /// what else is due, so an answer's way back is as deterministic as its timer.
    public func hop(to queue: DispatchQueue, _ work: @escaping @Sendable () -> Void) {
        schedule(at: .distantPast, on: queue, work)
    }
}

/// The real clock; each timer is a Dispatch timer source, so a cancelled one never wakes anyone.
public struct DispatchScheduler: Scheduler {
    /// How late a timer may fire, so the system can group wake-ups.
    static let leeway = DispatchTimeInterval.milliseconds(50)

    public init() {}

    public var now: Date { Date() }

    @discardableResult
    public func schedule(at date: Date, on queue: DispatchQueue, _ work: @escaping @Sendable () -> Void) -> any Cancellable {
        let wait = date.timeIntervalSinceNow
        guard wait > 0 else {
            queue.async(execute: work)
            return Done()
        }
        return Timer(in: wait, on: queue, work)
    }

    private struct Done: Cancellable {
        func cancel() {}
    }

    /// A one-shot timer source. It holds itself through its handler until it fires or is
    /// cancelled (cancelling releases the handler), so dropping it neither cancels nor leaks it.
    private final class Timer: Cancellable, @unchecked Sendable {
        // Dispatch sources are thread-safe; Linux does not mark them Sendable.
        private let source: any DispatchSourceTimer
        private let work: @Sendable () -> Void

        init(in wait: TimeInterval, on queue: DispatchQueue, _ work: @escaping @Sendable () -> Void) {
            source = DispatchSource.makeTimerSource(queue: queue)
            self.work = work
            source.setEventHandler { @Sendable in self.fire() }
            source.schedule(deadline: Bounded.deadline(in: wait), leeway: DispatchScheduler.leeway)
            source.resume()
        }

        private func fire() {
            source.cancel()
            work()
        }

        func cancel() { source.cancel() }
    }
}
