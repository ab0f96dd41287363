import Foundation

/// How long this user's generations take, learned from the tracked list's history, and what
/// that says of one still pending or processing.
public struct Estimates: Hashable, Sendable {
    public static let none = Estimates(history: [])

    /// `history`: every transition of the most recently completed generations
    /// (`TrackedList.history`), any order.
    public init(history: [Transition]) {
        // TODO(history helper): learn the medians.
    }

    /// The estimate for `g` at `now`; nil when it is not pending or processing, or the history is
    /// too short to say.
    public func eta(for g: TrackedGeneration, now: Date) -> ETA? { nil }
}

/// What an estimate says of one generation.
public struct ETA: Hashable, Sendable {
    /// Time left; nil once past the median ("any moment").
    public var remaining: TimeInterval?
    /// The state it is measured from, the median from entering it to completion, and how many
    /// completed generations that median is based on.
    public var state: GenerationState
    public var median: TimeInterval
    public var basedOn: Int

    public init(remaining: TimeInterval?, state: GenerationState, median: TimeInterval, basedOn: Int) {
        self.remaining = remaining; self.state = state; self.median = median; self.basedOn = basedOn
    }
}
