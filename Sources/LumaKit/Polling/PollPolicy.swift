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

    public static let minimumInterval: TimeInterval = 1
    /// A longer interval is taken as this: a poll a day is already barely watching.
    public static let maximumInterval: TimeInterval = 86_400

    public init(interval: TimeInterval = 5, maxInFlight: Int = 4, batchLimit: Int = 50) {
        self.interval = Bounded.clamp(interval, to: Self.minimumInterval...Self.maximumInterval, nan: 5)
        self.maxInFlight = max(maxInFlight, 1)
        self.batchLimit = max(batchLimit, 1)
    }

    /// Exponential from the interval, capped, with ±20 % jitter so many failing tasks spread out.
    /// `unit` is a random number in 0..<1.
    public func backoff(failures: Int, unit: Double) -> TimeInterval {
        let exponent = Double(min(max(failures - 1, 0), 16))
        let base = min(backoffCap, interval * pow(2, exponent))
        return min(backoffCap, base * (0.8 + 0.4 * unit))
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
