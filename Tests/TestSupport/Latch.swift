import Foundation
import LumaKit

/// A value that arrives once (a child's exit, its output), awaited without holding a thread:
/// tests that wait on it leave Swift concurrency's few pool threads to the tests that run.
public final class Latch<Value: Sendable>: Sendable {
    private struct Waiter {
        let continuation: CheckedContinuation<Value?, Never>
        let timer: Task<Void, Never>?
    }

    private struct State {
        var value: Value?
        var waiters: [Int: Waiter] = [:]
        var nextID = 0
    }

    private let state = Locked(State())

    public init() {}

    /// Sets the value once (later calls are ignored) and wakes every waiter.
    public func resolve(_ value: Value) {
        let woken: [Waiter] = state.withLock { s in
            guard s.value == nil else { return [] }
            s.value = value
            defer { s.waiters = [:] }
            return Array(s.waiters.values)
        }
        for waiter in woken {
            waiter.timer?.cancel()
            waiter.continuation.resume(returning: value)
        }
    }

    /// The value if it has come.
    public var current: Value? { state.withLock { $0.value } }

    /// The value, once it comes.
    public func value() async -> Value {
        await withCheckedContinuation { continuation in
            let now: Value? = state.withLock { s in
                guard s.value == nil else { return s.value }
                defer { s.nextID += 1 }
                s.waiters[s.nextID] = Waiter(continuation: continuation, timer: nil)
                return nil
            }
            if let now { continuation.resume(returning: now) }
        }!
    }

    /// The value, or nil if it has not come within `timeout` seconds.
    public func value(within timeout: TimeInterval) async -> Value? {
        await withCheckedContinuation { continuation in
            let id: Int? = state.withLock { s in
                guard s.value == nil else { return nil }
                defer { s.nextID += 1 }
                s.waiters[s.nextID] = Waiter(continuation: continuation, timer: nil)
                return s.nextID
            }
            guard let id else { return continuation.resume(returning: current) }
            let timer = Task { [state] in
                try? await Task.sleep(for: .seconds(timeout))
                if Task.isCancelled { return }
                state.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume(returning: nil)
            }
            // The value may have come while the timer was made: then the waiter is gone already.
            let registered = state.withLock { s -> Bool in
                guard let waiter = s.waiters[id] else { return false }
                s.waiters[id] = Waiter(continuation: waiter.continuation, timer: timer)
                return true
            }
            if !registered { timer.cancel() }
        }
    }
}
