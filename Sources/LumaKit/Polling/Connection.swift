import Foundation

/// The service could not be reached: what the last request met, and when the next one goes.
public struct Offline: Hashable, Sendable {
    public var error: APIError
    public var retryAt: Date?

    public init(error: APIError, retryAt: Date?) {
        self.error = error
        self.retryAt = retryAt
    }

    /// `offline: connection refused — retrying in 8 s`, for the title.
    public func line(now: Date) -> String {
        let words = error.transportWords ?? error.message
        guard let retryAt else { return "offline: \(words)" }
        let seconds = Bounded.wholeSeconds(Bounded.wait(retryAt.timeIntervalSince(now)))
        return "offline: \(words) — " + (seconds <= 0 ? "retrying now" : "retrying in \(seconds) s")
    }
}

extension PollStatus {
    /// Any answer from the service, even an error status, says it is reachable; a request that
    /// got none says it is not, from its first failure on.
    mutating func noteConnection<T>(_ result: Result<T, APIError>, retryAt: Date?) {
        if case .failure(let error) = result, case .transport = error {
            offline = Offline(error: error, retryAt: retryAt)
        } else {
            offline = nil
        }
    }
}
