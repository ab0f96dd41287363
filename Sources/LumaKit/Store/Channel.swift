import Foundation

/// Publish/subscribe with ordered delivery. Publishers may be on any thread; subscribers get every
/// event in the order it was enqueued, one at a time, on the publishing thread. A subscriber may
/// publish again from its callback: that event is delivered after the current one.
public final class Channel<Event: Sendable>: @unchecked Sendable {
    public typealias Callback = @Sendable (Event) -> Void

    private let state = Locked(State())
    private let delivery = NSRecursiveLock()

    private struct State {
        var subscribers: [(token: Int, callback: Callback)] = []
        var nextToken = 0
        var pending: [Event] = []
        var pendingHead = 0
    }

    public init() {}

    /// Registers a callback. Keep the subscription: cancelling it (or letting it go) unsubscribes.
    public func subscribe(_ callback: @escaping Callback) -> Subscription {
        let token = state.withLock { s in
            s.nextToken += 1
            s.subscribers.append((s.nextToken, callback))
            return s.nextToken
        }
        return Subscription { [weak self] in
            self?.state.withLock { s in s.subscribers.removeAll { $0.token == token } }
        }
    }

    public func publish(_ event: Event) {
        enqueue(event)
        drain()
    }

    /// Queues an event without delivering it, so a caller can fix the order under its own lock and
    /// deliver after releasing it.
    public func enqueue(_ event: Event) {
        state.withLock { $0.pending.append(event) }
    }

    /// Delivers queued events in order. Only one thread delivers at a time.
    public func drain() {
        delivery.lock()
        defer { delivery.unlock() }
        while let (event, subscribers) = next() {
            for s in subscribers { s.callback(event) }
        }
    }

    private func next() -> (Event, [(token: Int, callback: Callback)])? {
        state.withLock { s in
            guard s.pendingHead < s.pending.count else {
                s.pending.removeAll(keepingCapacity: true)
                s.pendingHead = 0
                return nil
            }
            let event = s.pending[s.pendingHead]
            s.pendingHead += 1
            return (event, s.subscribers)
        }
    }

    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }
}

/// Cancels a subscription when cancelled or released.
public final class Subscription: @unchecked Sendable {
    private let onCancel: Locked<(@Sendable () -> Void)?>

    init(_ cancel: @escaping @Sendable () -> Void) { onCancel = Locked(cancel) }

    public func cancel() {
        let action = onCancel.withLock { c -> (@Sendable () -> Void)? in
            defer { c = nil }
            return c
        }
        action?()
    }

    deinit { cancel() }
}
