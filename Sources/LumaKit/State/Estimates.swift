import Foundation

/// How long this user's generations take, learned from the tracked list's history, and what
/// that says of one still pending or processing.
public struct Estimates: Hashable, Sendable {
    public static let none = Estimates(history: [])
    /// How many of the latest completed generations the medians look at.
    public static let completions = 50
    /// Fewer samples than this say too little to estimate from.
    public static let fewestSamples = 5
    /// The states an estimate is given for: the ones a generation passes on its way to completed.
    public static let states: [GenerationState] = [.pending, .processing]

    /// The median time from entering a state to completion, and how many samples it is of.
    struct Median: Hashable, Sendable {
        let seconds: TimeInterval
        let samples: Int
    }
    let medians: [GenerationState: Median]

    /// `history`: every transition of the most recently completed generations
    /// (`TrackedList.history`), any order. Transitions of generations that never completed, or
    /// failed after completing, teach nothing; odd times (out of order, duplicated, impossible)
    /// are left out rather than trusted.
    public init(history: [Transition]) {
        var byID: [String: [Transition]] = [:]
        for t in history where t.at.timeIntervalSince1970.isFinite { byID[t.id, default: []].append(t) }
        // Ties broken by id: which generations fall outside the window must not depend on hashing.
        let runs = byID.compactMap { Completion(id: $0.key, $0.value) }
            .sorted { ($0.completed, $0.id) > ($1.completed, $1.id) }
            .prefix(Self.completions)
        var medians: [GenerationState: Median] = [:]
        for state in Self.states {
            let samples = runs.compactMap { $0.took[state] }
            if samples.count >= Self.fewestSamples {
                medians[state] = Median(seconds: Self.median(samples), samples: samples.count)
            }
        }
        self.medians = medians
    }

    /// Nothing learned yet: no state has enough samples.
    public var isEmpty: Bool { medians.isEmpty }

    /// The estimate for `g` at `now`; nil when it is not pending or processing, or the history is
    /// too short to say.
    public func eta(for g: TrackedGeneration, now: Date) -> ETA? {
        guard let state = g.state, let median = medians[state] else { return nil }
        // A state changed "in the future" (a clock set back) has spent no time yet.
        let spent = Bounded.clamp(now.timeIntervalSince(g.stateChangedAt), to: 0...Bounded.longestWait, nan: 0)
        let left = median.seconds - spent
        return ETA(remaining: left > 0 ? left : nil, state: state, median: median.seconds, basedOn: median.samples)
    }

    static func median(_ samples: [TimeInterval]) -> TimeInterval {
        let sorted = samples.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// One completed generation as its transitions tell it: when it last completed, and how long it
/// took from entering each state (the last entry before that completion) to it.
struct Completion {
    let id: String
    let completed: Date
    let took: [GenerationState: TimeInterval]

    init?(id: String, _ transitions: [Transition]) {
        func last(_ state: GenerationState) -> Date? {
            transitions.lazy.filter { $0.to == state }.map(\.at).max()
        }
        // Entering a state is known when lumatop saw it happen. A first answer already past
        // pending (tracked late) only says when lumatop looked: not a sample.
        func entered(_ state: GenerationState, notAfter limit: Date) -> Date? {
            transitions.lazy.filter { t in t.to == state && t.at <= limit && (t.from != nil || state == .pending) }
                .map(\.at).max()
        }
        guard let completed = last(.completed) else { return nil }
        if let failed = last(.failed), failed > completed { return nil }
        var took: [GenerationState: TimeInterval] = [:]
        for state in Estimates.states {
            guard let entered = entered(state, notAfter: completed) else { continue }
            let seconds = completed.timeIntervalSince(entered)
            // Longer than any wait lumatop plans is a clock gone wrong, not a generation.
            if seconds >= 0, seconds <= Bounded.longestWait { took[state] = seconds }
        }
        self.id = id; self.completed = completed; self.took = took
    }
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

    /// `~1m20s`, or `any moment` once past the median: what the list and the detail show.
    public var text: String {
        remaining.map { "~" + TextReport.age($0.rounded(.up)) } ?? "any moment"
    }

    /// What the estimate is based on, for the detail pane.
    public var basis: String {
        "median of \(basedOn) completed generations, from entering \(state.word)"
    }
}
