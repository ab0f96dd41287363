import Foundation

/// Publish/subscribe with ordered delivery. Publishers may be on any thread. Each subscriber gets
/// every event on its own serial queue, in one order shared by all subscribers (the order the
/// events were published), and never while a lock is held: a callback may publish again (its
/// event comes after the current one) or publish to another channel whose subscribers publish
/// back, without deadlock.
public final class Channel<Event: Sendable>: Sendable {
    public typealias Callback = @Sendable (Event) -> Void

    private let state = Locked(State())

    private struct State {
        var subscribers: [(token: Int, delivery: Delivery<Event>)] = []
        var nextToken = 0
    }

    public init() {}

    /// Registers a callback, run on `queue` (nil: a serial queue of its own). Keep the
    /// subscription: cancelling it (or letting it go) unsubscribes.
    public func subscribe(on queue: DispatchQueue? = nil, _ callback: @escaping Callback) -> Subscription {
        let delivery = Delivery(queue: queue ?? DispatchQueue(label: "lumatop.channel.subscriber"), callback: callback)
        let token = state.withLock { s in
            s.nextToken += 1
            s.subscribers.append((s.nextToken, delivery))
            return s.nextToken
        }
        return Subscription(queue: delivery.queue) { [weak self] in
            self?.state.withLock { s in s.subscribers.removeAll { $0.token == token } }
            delivery.stop()
        }
    }

    /// Queues the event for every current subscriber. Under the lock so that all subscribers see
    /// one order; only `queue.async` runs under it, never a callback.
    public func publish(_ event: Event) {
        state.withLock { s in
            for s in s.subscribers { s.delivery.send(event) }
        }
    }

    /// Waits until every event published before this call has been delivered to every current
    /// subscriber. Not from inside a callback of this channel.
    public func flush() {
        for s in state.current.subscribers { Subscription.wait(for: s.delivery.queue) }
    }

    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }
}

/// One subscriber's queue and callback; stopped on cancel, so events already queued are dropped.
private final class Delivery<Event: Sendable>: Sendable {
    let queue: DispatchQueue
    private let callback: @Sendable (Event) -> Void
    private let live = Locked(true)

    init(queue: DispatchQueue, callback: @escaping @Sendable (Event) -> Void) {
        self.queue = queue
        self.callback = callback
        Subscription.mark(queue)
    }

    func send(_ event: Event) {
        queue.async { [self] in
            guard live.current else { return }
            callback(event)
        }
    }

    func stop() { live.withLock { $0 = false } }
}

/// Cancels a subscription when cancelled or released.
public final class Subscription: Sendable {
    private let onCancel: Locked<(@Sendable () -> Void)?>
    private let queue: DispatchQueue

    init(queue: DispatchQueue, _ cancel: @escaping @Sendable () -> Void) {
        onCancel = Locked(cancel)
        self.queue = queue
    }

    /// Unsubscribes. Once this returns, the callback is not running and never runs again (called
    /// from the callback itself, the current call is the last).
    public func cancel() {
        let action = onCancel.withLock { c -> (@Sendable () -> Void)? in
            defer { c = nil }
            return c
        }
        action?()
        Self.wait(for: queue)
    }

    /// Waits until every event published so far has reached this subscriber.
    public func flush() { Self.wait(for: queue) }

    deinit { cancel() }

    // MARK: telling whether we run on a subscriber's queue

    private final class Marker: Sendable {}
    private static let key = DispatchSpecificKey<Marker>()
    private static let marking = Locked(())

    /// Marks a subscriber's queue (once), so a wait from the queue itself is told apart.
    static func mark(_ queue: DispatchQueue) {
        marking.withLock { _ in
            if queue.getSpecific(key: key) == nil { queue.setSpecific(key: key, value: Marker()) }
        }
    }

    /// Lets everything queued on `queue` so far run; returns at once when called from it.
    static func wait(for queue: DispatchQueue) {
        if let here = DispatchQueue.getSpecific(key: key), here === queue.getSpecific(key: key) { return }
        queue.sync {}
    }
}
