import AsyncHTTPClient
import Foundation

/// Cancels one download, whichever request (after a redirect or a start over) is carrying it.
public final class DownloadHandle: @unchecked Sendable {
    private let lock = NSLock()
    private var task: HTTPClient.Task<Void>?
    private var cancelled = false

    var isCancelled: Bool { lock.withLock { cancelled } }

    /// False when already cancelled: the new request is cancelled at once.
    func attach(_ task: HTTPClient.Task<Void>) -> Bool {
        let go = lock.withLock { () -> Bool in
            self.task = task
            return !cancelled
        }
        if !go { task.cancel() }
        return go
    }

    public func cancel() {
        let task = lock.withLock { () -> HTTPClient.Task<Void>? in
            cancelled = true
            return self.task
        }
        task?.cancel()
    }
}
