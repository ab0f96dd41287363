import Foundation

/// How long a run of creates (`--from-file`) waits before its next one, to stay under a number of
/// creates in a sliding window (the official API's entry tier: 20 a minute), and past a 429's wait.
/// Pure: the caller says what time it is.
public struct CreatePace: Hashable, Sendable {
    public static let officialCreatesPerMinute = 20

    public let limit: Int
    public let window: TimeInterval
    /// The creates sent within the last window, oldest first.
    public private(set) var sent: [Date] = []
    /// A 429 said to wait until then.
    public private(set) var heldUntil: Date?

    public init(limit: Int = officialCreatesPerMinute, window: TimeInterval = 60) {
        self.limit = max(1, limit)
        self.window = Bounded.clamp(window, to: 0...Bounded.longestWait, nan: 60)
    }

    /// Seconds to wait from `now` before the next create may go; 0 when it may go at once.
    public func wait(at now: Date) -> TimeInterval {
        var until = heldUntil ?? now
        let recent = sent.filter { now.timeIntervalSince($0) < window }
        if recent.count >= limit {
            // The oldest of the last `limit` sends must leave the window first.
            until = max(until, recent[recent.count - limit] + window)
        }
        return max(0, until.timeIntervalSince(now))
    }

    /// A create went at `time`.
    public mutating func record(at time: Date) {
        sent.removeAll { time.timeIntervalSince($0) >= window }
        sent.append(time)
    }

    /// A create was answered 429 at `time`: nothing more until its wait is over (a whole window
    /// when the service did not say).
    public mutating func rateLimited(retryAfter: TimeInterval?, at time: Date) {
        let until = time + Bounded.wait(retryAfter ?? window)
        heldUntil = max(heldUntil ?? until, until)
    }
}
