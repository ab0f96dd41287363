import AsyncHTTPClient
import Foundation

/// Cancels one download, whichever request (after a redirect or a start over) is carrying it.
public final class DownloadHandle: Sendable {
    private let state = Locked((task: HTTPClient.Task<Void>?.none, cancelled: false))

    var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// False when already cancelled: the new request is cancelled at once.
    func attach(_ task: HTTPClient.Task<Void>) -> Bool {
        let go = state.withLock { s -> Bool in
            s.task = task
            return !s.cancelled
        }
        if !go { task.cancel() }
        return go
    }

    public func cancel() {
        let task = state.withLock { s -> HTTPClient.Task<Void>? in
            s.cancelled = true
            return s.task
        }
        task?.cancel()
    }
}
