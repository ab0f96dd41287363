import Foundation

/// Fetches generations. Implementations call `completion` exactly once, on any thread.
public protocol GenerationsClient: Sendable {
    func fetch(_ id: String, completion: @escaping @Sendable (Result<Generation, APIError>) -> Void)

    /// Whether `fetchBatch` may be tried at all (the service may still refuse it).
    var supportsBatch: Bool { get }

    /// Many generations in one request (`POST /luma/tasks`). The answer holds the generations the
    /// service knows, in any order; ids it does not know may simply be missing.
    func fetchBatch(_ ids: [String], completion: @escaping @Sendable (Result<[Generation], APIError>) -> Void)
}

extension GenerationsClient {
    public var supportsBatch: Bool { false }

    public func fetchBatch(_ ids: [String], completion: @escaping @Sendable (Result<[Generation], APIError>) -> Void) {
        completion(.failure(.unexpectedStatus(405)))
    }

    /// Blocks the calling thread until the answer arrives (for one-shot commands and tests).
    public func fetchAndWait(_ id: String) -> Result<Generation, APIError> {
        waitForCallback { fetch(id, completion: $0) }
    }
}
