import Foundation

/// What changed in the store. Delivered in order on `GenerationStore.events`.
public enum StoreEvent: Hashable, Sendable {
    case tracked([String])
    case untracked([String])
    /// A poll answered (or failed), or a saved path changed; `stateChanged` when the state word
    /// moved, `kept` when something the tracked list keeps changed (the answer, the saved path).
    case updated(id: String, stateChanged: Bool, kept: Bool)
    /// The estimates learned from the history changed.
    case estimates
    /// The user asked for these to be fetched now.
    case refreshRequested([String])
    /// The polling status changed (paused, rate limited, last success).
    case status
}

/// Service-wide polling status, for banners.
public struct PollStatus: Hashable, Sendable {
    /// Set while polling is paused because the key was refused.
    public var authFailure: APIError?
    /// Set while a 429 holds every request.
    public var rateLimitedUntil: Date?
    /// What the server's Retry-After asked for when that was longer than the poller holds (it was
    /// cut to `PollPolicy.longestRateLimitHold`), so screens can say so.
    public var rateLimitAskedFor: TimeInterval?
    public var lastSuccessAt: Date?
    /// Set from a request that got no answer until one gets any.
    public var offline: Offline?
    /// The account's balance as the title shows it (`$12.34`), where the provider says one.
    public var credits: String?
    public init() {}
}

/// An immutable view of the store at one moment.
public struct StoreSnapshot: Sendable {
    /// In the order they were tracked.
    public let generations: [TrackedGeneration]
    public let status: PollStatus
    /// What the history says of how long generations take (ETA).
    public let estimates: Estimates
    /// Grows by one with every change.
    public let version: Int
    /// Grows when the list's order or filter can have changed: an id came or went, or an answer,
    /// a condition or a state time changed. Not on poll bookkeeping.
    public let orderVersion: Int
    /// Position of each id in `generations` (shared with the store, not copied).
    let index: [String: Int]

    public subscript(id: String) -> TrackedGeneration? { index[id].map { generations[$0] } }

    /// Where an id is in `generations`.
    public func position(of id: String) -> Int? { index[id] }
}

/// The tracked generations and the last answer of each. Any thread may read or write; every change
/// is published on `events`, in the order it was made.
public final class GenerationStore: Sendable {
    public let events = Channel<StoreEvent>()
    private let state = Locked(Contents())
    private let now: @Sendable () -> Date

    struct Contents {
        var generations: [TrackedGeneration] = []
        var index: [String: Int] = [:]
        var status = PollStatus()
        var estimates = Estimates.none
        var version = 0
        var orderVersion = 0
    }

    public init(now: @escaping @Sendable () -> Date = Date.init) { self.now = now }

    public func snapshot() -> StoreSnapshot {
        state.withLock { StoreSnapshot(generations: $0.generations, status: $0.status, estimates: $0.estimates,
                                      version: $0.version, orderVersion: $0.orderVersion, index: $0.index) }
    }

    public var ids: [String] { state.withLock { $0.generations.map(\.id) } }

    /// Adds ids not tracked yet; returns those added.
    @discardableResult
    public func track(_ ids: [String]) -> [String] {
        let at = now()
        return insert(ids.map { TrackedGeneration(id: $0, firstSeen: at) })
    }

    /// Adds records restored from disk (or elsewhere), keeping their history; returns the ids added.
    @discardableResult
    public func insert(_ records: [TrackedGeneration]) -> [String] {
        mutate { c in
            var added: [String] = []
            // Room for all at once: growing by doubling held two copies of 10,000 at the peak.
            c.generations.reserveCapacity(c.generations.count + records.count)
            c.index.reserveCapacity(c.index.count + records.count)
            for r in records {
                if let i = c.index[r.id] {
                    // Tracking one of the account's recent ones keeps what is known of it.
                    guard c.generations[i].isRecent, !r.isRecent else { continue }
                    c.generations[i].isRecent = false
                    if let parent = r.extends { c.generations[i].extends = parent }
                    added.append(r.id)
                    continue
                }
                c.index[r.id] = c.generations.count
                c.generations.append(r)
                added.append(r.id)
            }
            if !added.isEmpty { c.orderVersion += 1 }
            return (added, added.isEmpty ? nil : .tracked(added))
        }
    }

    @discardableResult
    public func untrack(_ ids: [String]) -> [String] {
        mutate { c in
            let gone = Set(ids).filter { c.index[$0] != nil }
            guard !gone.isEmpty else { return ([], nil) }
            c.generations.removeAll { gone.contains($0.id) }
            c.index = Dictionary(uniqueKeysWithValues: c.generations.enumerated().map { ($1.id, $0) })
            let removed = ids.filter { gone.contains($0) }
            c.orderVersion += 1
            return (removed, .untracked(removed))
        }
    }

    /// Records the outcome of one poll. Ignored for an id no longer tracked.
    public func apply(_ id: String, _ result: Result<Generation, APIError>, at: Date, nextPollAt: Date?) {
        apply([Polled(id: id, result: result, at: at, nextPollAt: nextPollAt)])
    }

    /// The outcome of one poll, for `apply`.
    public struct Polled: Sendable {
        public var id: String
        public var result: Result<Generation, APIError>
        public var at: Date
        public var nextPollAt: Date?
        public init(id: String, result: Result<Generation, APIError>, at: Date, nextPollAt: Date?) {
            self.id = id; self.result = result; self.at = at; self.nextPollAt = nextPollAt
        }
    }

    /// Records a round of polls in one change: a screen woken by the first sees them all, and
    /// never holds a snapshot while the rest come in (which would copy the whole list). Returns
    /// the ids it published an update for, so the poller can tell its own answers' events apart.
    @discardableResult
    public func apply(_ round: [Polled]) -> [String] {
        var published: [String] = []
        mutate { c in
            round.compactMap { polled in
                let event = Self.apply(polled, to: &c)
                if event != nil { published.append(polled.id) }
                return event
            }
        }
        return published
    }

    private static func apply(_ polled: Polled, to c: inout Contents) -> StoreEvent? {
        let (id, result, at, nextPollAt) = (polled.id, polled.result, polled.at, polled.nextPollAt)
        guard let i = c.index[id] else { return nil }
        var g = c.generations[i]
        let before = (condition: g.condition, since: g.stateChangedAt)
        g.polls += 1
        g.lastPolledAt = at
        g.nextPollAt = nextPollAt
        var changed = false
        var kept = false
        switch result {
        case .success(var answer):
            answer.keepComputedPalette(from: g.generation)
            changed = g.generation?.state != answer.state
            if changed { g.stateChangedAt = at }
            kept = g.generation != answer
            if kept { g.generation = answer }
            g.lastError = nil
            c.status.lastSuccessAt = at
        case .failure(let error):
            changed = g.condition != TrackedGeneration(id: id, generation: g.generation, lastError: error,
                                                        firstSeen: at).condition
            if changed && !g.isFinished { g.stateChangedAt = at }
            g.lastError = error
        }
        c.generations[i] = g
        if kept || before != (g.condition, g.stateChangedAt) { c.orderVersion += 1 }
        return .updated(id: id, stateChanged: changed, kept: kept)
    }

    /// Records where a video was saved (nil: the file is gone). Published as an update so the
    /// tracked list keeps it.
    public func recordSaved(_ id: String, path: String?) {
        mutate { c in
            guard let i = c.index[id], c.generations[i].savedPath != path else { return ((), nil) }
            c.generations[i].savedPath = path
            return ((), .updated(id: id, stateChanged: false, kept: true))
        }
    }

    /// Takes from records another process kept what this store lacks: an answer where it has
    /// none (or a finished one where its own is not), a saved path where it has none. Published
    /// as updates the tracked list already holds.
    public func adopt(_ records: [TrackedGeneration]) {
        for r in records {
            mutate { c in
                guard let i = c.index[r.id] else { return ((), nil) }
                var g = c.generations[i]
                if let answer = r.generation, g.generation == nil || (!g.isFinished && answer.state.isFinished) {
                    if g.generation?.state != answer.state { g.stateChangedAt = r.stateChangedAt }
                    g.generation = answer
                }
                if g.savedPath == nil { g.savedPath = r.savedPath }
                guard g != c.generations[i] else { return ((), nil) }
                let moved = c.generations[i].state != g.state
                c.generations[i] = g
                c.orderVersion += 1
                return ((), .updated(id: r.id, stateChanged: moved, kept: false))
            }
        }
    }

    /// Asks for these ids (default: all) to be fetched now, finished or not.
    public func requestRefresh(_ ids: [String]? = nil) {
        mutate { c in
            let wanted = (ids ?? c.generations.map(\.id)).filter { c.index[$0] != nil }
            let at = now()
            for id in wanted { c.generations[c.index[id]!].nextPollAt = at }
            return ((), wanted.isEmpty ? nil : .refreshRequested(wanted))
        }
    }

    public func setEstimates(_ estimates: Estimates) {
        mutate { c in
            guard c.estimates != estimates else { return ((), nil) }
            c.estimates = estimates
            return ((), .estimates)
        }
    }

    public func updateStatus(_ change: (inout PollStatus) -> Void) {
        mutate { c in
            let before = c.status
            change(&c.status)
            return ((), c.status == before ? nil : .status)
        }
    }

    /// Changes the contents and publishes under the lock, so events keep the order of the changes
    /// (publishing only queues them: no subscriber runs under the lock, and each may read the
    /// store). `mutate` for a change that publishes several events, in order.
    func mutate(_ body: (inout Contents) -> [StoreEvent]) {
        state.withLock { c in
            for event in body(&c) {
                c.version += 1
                events.publish(event)
            }
        }
    }

    private func mutate<R>(_ body: (inout Contents) -> (R, StoreEvent?)) -> R {
        state.withLock { c -> R in
            let (r, event) = body(&c)
            if let event {
                c.version += 1
                events.publish(event)
            }
            return r
        }
    }
}
