import AsyncHTTPClient
import Foundation

/// Cancels one download, whichever request (after a redirect or a start over) is carrying it.
public final class DownloadHandle: @unchecked Sendable {
    private let lock = NSLock()
    private var task: HTTPClient.Task<DownloadProgress>?
    private var cancelled = false

    var isCancelled: Bool { lock.withLock { cancelled } }

    /// False when already cancelled: the new request is cancelled at once.
    func attach(_ task: HTTPClient.Task<DownloadProgress>) -> Bool {
        let go = lock.withLock { () -> Bool in
            self.task = task
            return !cancelled
        }
        if !go { task.cancel() }
        return go
    }

    public func cancel() {
        let task = lock.withLock { () -> HTTPClient.Task<DownloadProgress>? in
            cancelled = true
            return self.task
        }
        task?.cancel()
    }
}
