import Foundation

/// Fetches one generation. Implementations call `completion` exactly once, on any thread.
public protocol GenerationsClient: Sendable {
    func fetch(_ id: String, completion: @escaping @Sendable (Result<Generation, APIError>) -> Void)
}

extension GenerationsClient {
    /// Blocks the calling thread until the answer arrives (for one-shot commands).
    public func fetchAndWait(_ id: String) -> Result<Generation, APIError> {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        fetch(id) { result in
            box.set(result)
            done.signal()
        }
        done.wait()
        return box.get()!
    }
}

private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Generation, APIError>?
    func set(_ r: Result<Generation, APIError>) { lock.withLock { result = r } }
    func get() -> Result<Generation, APIError>? { lock.withLock { result } }
}
