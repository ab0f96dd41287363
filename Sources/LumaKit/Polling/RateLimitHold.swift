import Foundation

/// A 429 holds every request of the key, as `PollPolicy.rateLimitHold` says. Kept by the poller and
/// by one-shot commands alike, so both wait the same way.
public struct RateLimitHold: Hashable, Sendable {
    /// No request goes out before this.
    public private(set) var until: Date?
    /// What the server asked when that was longer than the hold (it was cut); for display.
    public private(set) var cutFrom: TimeInterval?
    /// 429s in a row, each to a request sent after the previous hold began.
    private var streak = 0
    private var startedAt: Date?

    public init() {}

    /// Records a 429 to a request sent at `sentAt` and answered at `t`; returns the end of the hold.
    @discardableResult
    public mutating func limited(retryAfter: TimeInterval?, sentAt: Date, at t: Date, policy: PollPolicy) -> Date {
        // Requests already in flight when the hold began (sent at that moment, too) belong to it:
        // their 429s do not double it.
        if startedAt.map({ sentAt > $0 }) ?? true {
            streak += 1
            startedAt = t
        }
        let hold = policy.rateLimitHold(retryAfter: retryAfter, streak: streak)
        let end = t + hold
        if until.map({ end > $0 }) ?? true {
            until = end
            let asked = retryAfter.map(Bounded.wait)
            cutFrom = asked.flatMap { $0 > hold ? $0 : nil }
        }
        return until ?? end
    }

    /// A good answer: the next 429 starts from one interval again.
    public mutating func succeeded() {
        streak = 0
        startedAt = nil
    }

    /// Whether requests are held at `t`; a hold that has passed is cleared (its streak stays).
    public mutating func holds(at t: Date) -> Bool {
        guard let until else { return false }
        if t < until { return true }
        self.until = nil
        cutFrom = nil
        return false
    }
}
