import Foundation

/// Blocks the calling thread until `start`'s callback delivers, and returns what it delivered:
/// for one-shot commands, which have nothing else to do meanwhile. Never on an event loop.
public func waitForCallback<T: Sendable>(_ start: (@escaping @Sendable (T) -> Void) -> Void) -> T {
    let done = DispatchSemaphore(value: 0)
    let box = Locked(T?.none)
    start { value in
        box.withLock { $0 = value }
        done.signal()
    }
    done.wait()
    return box.current!
}
