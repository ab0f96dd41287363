import Foundation

/// How politely the poller asks. The numbers come from the engine issue; see DESIGN.md.
public struct PollPolicy: Hashable, Sendable {
    /// Between two polls of an active generation.
    public var interval: TimeInterval = 5
    /// For a state word nobody documented: keep asking, slowly.
    public var unknownStateInterval: TimeInterval { max(interval * 3, 15) }
    /// Requests in flight at most (a batch query counts as one).
    public var maxInFlight: Int = 4
    /// Ids per batch query (`POST /luma/tasks`) at most; 1 asks each id on its own.
    public var batchLimit: Int = 50
    /// Upper bound of the per-task backoff after 5xx, transport and decoding errors.
    public var backoffCap: TimeInterval = 60
    /// A task that answered 404 may just not be visible yet: ask again this often.
    public var notFoundRetry: TimeInterval = 60
    /// When a 429 carries no usable Retry-After.
    public var defaultRetryAfter: TimeInterval = 30
    /// Upper bound of the doubling hold after 429s in a row. Longer than `backoffCap`: a 429 is
    /// about the whole key, not one task, so the poller steps further back.
    public var rateLimitBackoffCap: TimeInterval = 300

    public static let minimumInterval: TimeInterval = 1
    /// A longer interval is taken as this: a poll a day is already barely watching.
    public static let maximumInterval: TimeInterval = 86_400
    /// However long a server asks to be left alone, polling resumes after this (and says so).
    public static let longestRateLimitHold: TimeInterval = 3600
    /// A one-shot command waits out a 429's hold this long at most; a longer hold is reported.
    public static let longestOneShotWait: TimeInterval = 10
    /// The window the request budget is counted over.
    public static let budgetWindow: TimeInterval = 10
    /// Requests a window may hold beyond one per interval and unit: refreshes, retries, the
    /// first batch query the service refuses.
    public static let budgetSlack = 5

    public init(interval: TimeInterval = 5, maxInFlight: Int = 4, batchLimit: Int = 50) {
        self.interval = Bounded.clamp(interval, to: Self.minimumInterval...Self.maximumInterval, nan: 5)
        self.maxInFlight = max(maxInFlight, 1)
        self.batchLimit = max(batchLimit, 1)
    }

    /// Exponential from the interval, capped, with jitter so many failing tasks spread out; never
    /// sooner than one interval. `unit` is a random number in 0..<1.
    public func backoff(failures: Int, unit: Double) -> TimeInterval {
        let exponent = Double(min(max(failures - 1, 0), 16))
        let base = min(backoffCap, interval * pow(2, exponent))
        return max(interval, min(backoffCap, base * (0.8 + 0.4 * Bounded.clamp(unit, to: 0...1, nan: 0.5))))
    }

    /// How long a 429 holds every request: what the server asked (or `defaultRetryAfter`), but at
    /// least the doubling backoff of `streak` 429s in a row (one interval, two, four... up to
    /// `rateLimitBackoffCap`), and at most `longestRateLimitHold`; never less than one interval.
    public func rateLimitHold(retryAfter: TimeInterval?, streak: Int) -> TimeInterval {
        let exponent = Double(min(max(streak - 1, 0), 16))
        let backoff = min(rateLimitBackoffCap, interval * pow(2, exponent))
        let asked = Bounded.wait(retryAfter ?? defaultRetryAfter)
        return max(interval, min(Self.longestRateLimitHold, max(asked, backoff)))
    }

    /// The most requests any `budgetWindow` may hold, whatever the answers: one per interval for
    /// each batch of up to `batchLimit` ids (each id when asked alone), plus `budgetSlack`.
    public func requestBudget(ids: Int, batching: Bool) -> Int {
        let ids = max(ids, 0)
        let units = batching ? ids / batchLimit + (ids % batchLimit > 0 ? 1 : 0) : ids
        return Bounded.int((Double(units) * Self.budgetWindow / interval).rounded(.down) + Double(Self.budgetSlack))
    }

    /// When to ask again after a good answer; nil once the generation is finished.
    public func next(after answer: Generation, now: Date) -> Date? {
        switch answer.state {
        case .completed, .failed: nil
        case .unknown: now + unknownStateInterval
        case .pending, .processing: now + interval
        }
    }
}
