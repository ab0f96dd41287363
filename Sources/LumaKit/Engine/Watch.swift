import Foundation

/// `watch` without a screen: reports each change of condition of the watched ids until every one is
/// settled (finished, not found, or an invalid id), the key is refused, or time runs out.
public enum Watch {
    public enum Outcome: Hashable, Sendable {
        /// Every id settled; `anyFailed` when one failed or was not found.
        case settled(anyFailed: Bool)
        case timedOut
        case unauthorized(APIError)
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

    /// Blocks until the outcome. The engine must hold the ids; this starts its poller. `emit` runs
    /// on the calling thread, in order: the store's delivery only notes what changed, so a slow
    /// or closed output never holds it up.
    public static func run(engine: Engine, ids: [String], timeout: TimeInterval?,
                           emit: (TrackedGeneration) -> Void) -> Outcome {
        let watched = Set(ids)
        let woken = DispatchSemaphore(value: 0)
        // What each watched id last showed, and how many are not settled yet: an answer for one id
        // looks at that id only, so a thousand watched cost no more per answer than one.
        let progress = Locked((shown: [String: TrackedGeneration.Condition](), open: watched, failed: Set<String>(),
                               outcome: Outcome?.none, unsaid: [TrackedGeneration]()))

        @Sendable func check(_ only: [String]?) {
            let snapshot = engine.store.snapshot()
            let changed: [TrackedGeneration] = only.map { ids in ids.compactMap { snapshot[$0] } }
                ?? snapshot.generations
            let news: Bool = progress.withLock { p in
                guard p.outcome == nil else { return false }
                let before = p.unsaid.count
                for g in changed where watched.contains(g.id) {
                    if g.condition != .waiting && p.shown[g.id] != g.condition {
                        p.shown[g.id] = g.condition
                        p.unsaid.append(g)
                    }
                    if isSettled(g) { p.open.remove(g.id) } else { p.open.insert(g.id) }
                    if isFailure(g) { p.failed.insert(g.id) } else { p.failed.remove(g.id) }
                }
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
            let (lines, settled) = progress.withLock { p in
                if waited == .timedOut && p.outcome == nil { p.outcome = .timedOut }
                defer { p.unsaid = [] }
                return (p.unsaid, p.outcome)
            }
            for g in lines { emit(g) }
            outcome = settled
        }
        subscription.cancel()
        engine.stop()
        return outcome ?? .timedOut
    }
}
