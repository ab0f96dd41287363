import Foundation

/// What the store knows of one tracked task id.
public struct TrackedGeneration: Hashable, Sendable, Identifiable {
    public let id: String
    /// The last good answer, if any. Kept in a box: a whole answer is some twenty strings, and
    /// the list copies every tracked generation several times a frame (sorting, counting,
    /// finding the selection); boxed, a copy is one retain instead of twenty.
    public var generation: Generation? {
        _read { yield answer.value }
        set { answer = Answer(newValue) }
    }
    // Inlinable readers below see it: the list reads state and creation time of every row each
    // frame, and through an opaque getter that meant copying the whole generation first.
    @usableFromInline var answer: Answer
    /// The error of the last poll; nil once a poll succeeds.
    public var lastError: APIError?
    /// When the id was first tracked.
    public var firstSeen: Date
    /// When the state last changed (or the id was tracked, before any answer).
    public var stateChangedAt: Date
    public var polls: Int = 0
    public var lastPolledAt: Date?
    /// When the poller means to ask again; nil when nothing is scheduled.
    public var nextPollAt: Date?
    /// Where its video was saved, once downloaded.
    public var savedPath: String?
    /// The generation this one continues, when it was made by extend ("extends …"); the other
    /// direction ("extended by …") is found by looking for it in the list.
    public var extends: String?
    /// In the account's recent list (the official API) without being tracked: shown, not kept,
    /// and brought up to date by the list's re-reads rather than polled one by one.
    public var isRecent = false

    public init(id: String, generation: Generation? = nil, lastError: APIError? = nil, firstSeen: Date,
                stateChangedAt: Date? = nil, polls: Int = 0, lastPolledAt: Date? = nil, nextPollAt: Date? = nil,
                savedPath: String? = nil, extends: String? = nil, isRecent: Bool = false) {
        self.id = id; self.answer = Answer(generation); self.lastError = lastError; self.firstSeen = firstSeen
        self.stateChangedAt = stateChangedAt ?? firstSeen; self.polls = polls
        self.lastPolledAt = lastPolledAt; self.nextPollAt = nextPollAt; self.savedPath = savedPath
        self.extends = extends; self.isRecent = isRecent
    }

    @inlinable public var state: GenerationState? { answer.state }

    /// When the generation was created, or first seen before any answer said: the list's order.
    @inlinable public var created: Date { answer.created ?? firstSeen }

    /// Completed or failed: the poller leaves it alone unless asked.
    public var isFinished: Bool { state?.isFinished ?? false }

    /// What a list shows in its state column: the server's word, or what went wrong while the job
    /// is still open. A finished job keeps its word; a later failed refresh shows in the detail.
    @inlinable public var condition: Condition {
        if let state, state.isFinished { return .state(state) }
        switch lastError {
        case .notFound?: return .notFound
        case .unauthorized?: return .authError
        case .invalidID?: return .invalid
        case .some: return .retrying
        case nil: return state.map(Condition.state) ?? .waiting
        }
    }

    /// What a list shows in its state column: as `condition.word`, but a state in the provider's
    /// own word (`queued`, `dreaming`). Counts, sorting and exit codes use the normalised state.
    @inlinable public var conditionWord: String {
        if case .state = condition, let word = answer.providerWord { return word }
        return condition.word
    }

    public enum Condition: Hashable, Sendable {
        case state(GenerationState)
        case waiting
        case notFound
        case authError
        case retrying
        case invalid

        public var word: String {
            switch self {
            case .state(let s): s.word
            case .waiting: "waiting"
            case .notFound: "not found"
            case .authError: "auth error"
            case .retrying: "retrying"
            case .invalid: "invalid id"
            }
        }
    }
}

/// An immutable answer shared between copies of a `TrackedGeneration`; compared by value.
@usableFromInline final class Answer: Hashable, Sendable {
    let value: Generation?
    // Read for every row of every frame: kept beside the answer so reading them copies nothing.
    @usableFromInline let state: GenerationState?
    @usableFromInline let created: Date?
    @usableFromInline let providerWord: String?
    init(_ value: Generation?) {
        self.value = value
        state = value?.state
        created = value?.created
        providerWord = value?.providerState
    }
    @usableFromInline static func == (a: Answer, b: Answer) -> Bool { a === b || a.value == b.value }
    @usableFromInline func hash(into hasher: inout Hasher) { hasher.combine(value) }
}
