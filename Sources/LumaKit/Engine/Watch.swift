import Foundation

/// `watch` without a screen: reports each change of state of the watched ids until every one is
/// settled (finished, not found, or an invalid id), the key is refused, or time runs out.
public enum Watch {
    public enum Outcome: Hashable, Sendable {
        /// Every id settled; `anyFailed` when one failed or was not found.
        case settled(anyFailed: Bool)
        case timedOut
        case unauthorized(APIError)
    }

    /// What the watch tells as it goes.
    public enum News: Hashable, Sendable {
        /// A new state (or not found, an invalid id). A retry is no change: the state it retries
        /// is still the one last told.
        case changed(TrackedGeneration)
        /// An error of a kind no watched id had: told once, then not again until every id is
        /// clear of that kind.
        case trouble(id: String, APIError)
    }

    /// How one watched id ended.
    public struct Summary: Hashable, Sendable {
        public let generation: TrackedGeneration
        /// Whether it settled before the watch ended.
        public let settled: Bool
        /// From the start of the watch until it settled, or until the watch ended.
        public let seconds: TimeInterval
    }

    public struct Ending: Hashable, Sendable {
        public let outcome: Outcome
        /// One per watched id, in the order watched.
        public let summaries: [Summary]
    }

    /// A 404 settles a watch: a script waiting on an id nobody knows should not wait forever.
    static func isSettled(_ g: TrackedGeneration) -> Bool {
        switch g.condition {
        case .state(let s): s.isFinished
        case .notFound, .invalid: true
        case .waiting, .retrying, .authError: false
        }
    }

    static func isFailure(_ g: TrackedGeneration) -> Bool {
        switch g.condition {
        case .state(.failed), .notFound, .invalid: true
        default: false
        }
    }

    /// Errors alike for a reader: a second 429 or refused connection says nothing new.
    static func kind(of error: APIError) -> String {
        switch error {
        case .unauthorized: "unauthorized"
        case .notFound: "not found"
        case .rateLimited: "rate limited"
        case .server: "server"
        case .unexpectedStatus: "unexpected status"
        case .transport(.timeout): "timeout"
        case .transport(.refused): "refused"
        case .transport(.dns): "dns"
        case .transport(.other): "network"
        case .decoding: "decoding"
        case .tooLarge: "too large"
        case .invalidID: "invalid id"
        case .refused: "service refused"
        case .notLumaAnswer: "not the Luma API"
        }
    }

    /// Blocks until the outcome. The engine must hold the ids; this starts its poller. `tell` runs
    /// on the calling thread, in order: the store's delivery only notes what changed, so a slow
    /// or closed output never holds it up.
    public static func run(engine: Engine, ids: [String], timeout: TimeInterval?,
                           tell: (News) -> Void) -> Ending {
        let started = Date()
        let watched = Set(ids)
        let woken = DispatchSemaphore(value: 0)
        // An answer for one id looks at that id only, so a thousand watched cost no more per
        // answer than one.
        let progress = Locked(Progress(open: watched))

        @Sendable func check(_ only: [String]?) {
            let snapshot = engine.store.snapshot()
            let changed: [TrackedGeneration] = only.map { ids in ids.compactMap { snapshot[$0] } }
                ?? snapshot.generations
            let news: Bool = progress.withLock { p in
                guard p.outcome == nil else { return false }
                let before = p.unsaid.count
                for g in changed where watched.contains(g.id) { p.note(g, at: Date()) }
                if let failure = snapshot.status.authFailure {
                    p.outcome = .unauthorized(failure)
                } else if p.open.isEmpty {
                    p.outcome = .settled(anyFailed: !p.failed.isEmpty)
                }
                return p.unsaid.count > before || p.outcome != nil
            }
            if news { woken.signal() }
        }

        let subscription = engine.store.events.subscribe { event in
            switch event {
            case .updated(let id, _, _): check([id])
            case .status, .estimates: check([])
            case .tracked, .untracked, .refreshRequested: check(nil)
            }
        }
        check(nil)
        engine.start()
        let deadline = timeout.map(Bounded.deadline(in:)) ?? .distantFuture
        var outcome: Outcome?
        while outcome == nil {
            let waited = woken.wait(timeout: deadline)
            // What was noted before the outcome is said; nothing after it.
            let (news, settled) = progress.withLock { p in
                if waited == .timedOut && p.outcome == nil { p.outcome = .timedOut }
                defer { p.unsaid = [] }
                return (p.unsaid, p.outcome)
            }
            news.forEach(tell)
            outcome = settled
        }
        subscription.cancel()
        engine.stop()
        let ended = Date()
        let snapshot = engine.store.snapshot()
        let settledAt = progress.withLock { $0.settledAt }
        let summaries = ids.compactMap { id in
            snapshot[id].map { g in
                Summary(generation: g, settled: settledAt[id] != nil,
                        seconds: max(0, (settledAt[id] ?? ended).timeIntervalSince(started)))
            }
        }
        return Ending(outcome: outcome ?? .timedOut, summaries: summaries)
    }

    /// What the watch has noted so far, under its lock.
    struct Progress {
        /// The state each id was last told in.
        var shown: [String: TrackedGeneration.Condition] = [:]
        var open: Set<String>
        var failed: Set<String> = []
        var settledAt: [String: Date] = [:]
        /// The kind of error each retrying id has, and how many ids have each kind.
        var troubleOf: [String: String] = [:]
        var troubled: [String: Int] = [:]
        var outcome: Outcome?
        var unsaid: [News] = []

        mutating func note(_ g: TrackedGeneration, at now: Date) {
            switch g.condition {
            case .waiting, .retrying, .authError: break
            case let condition:
                if shown[g.id] != condition {
                    shown[g.id] = condition
                    unsaid.append(.changed(g))
                }
            }
            noteTrouble(g.condition == .retrying ? g.lastError : nil, of: g.id)
            if isSettled(g) {
                open.remove(g.id)
                if settledAt[g.id] == nil { settledAt[g.id] = now }
            } else {
                open.insert(g.id)
                settledAt[g.id] = nil
            }
            if isFailure(g) { failed.insert(g.id) } else { failed.remove(g.id) }
        }

        private mutating func noteTrouble(_ error: APIError?, of id: String) {
            let kind = error.map(Watch.kind(of:))
            let before = troubleOf[id]
            guard kind != before else { return }
            if let before {
                troubled[before, default: 1] -= 1
                if troubled[before] == 0 { troubled[before] = nil }
            }
            troubleOf[id] = kind
            if let kind, let error {
                if troubled[kind] == nil { unsaid.append(.trouble(id: id, error)) }
                troubled[kind, default: 0] += 1
            }
        }
    }
}
