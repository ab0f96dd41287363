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

    /// Blocks until the outcome. The engine must hold the ids; this starts its poller.
    public static func run(engine: Engine, ids: [String], timeout: TimeInterval?,
                           emit: @escaping @Sendable (TrackedGeneration) -> Void) -> Outcome {
        let watched = Set(ids)
        let done = DispatchSemaphore(value: 0)
        let progress = Locked((shown: [String: TrackedGeneration.Condition](), outcome: Outcome?.none))

        @Sendable func check() {
            let snapshot = engine.store.snapshot()
            let mine = snapshot.generations.filter { watched.contains($0.id) }
            let finished: Outcome? = progress.withLock { p in
                guard p.outcome == nil else { return nil }
                for g in mine where g.condition != .waiting && p.shown[g.id] != g.condition {
                    p.shown[g.id] = g.condition
                    emit(g)
                }
                if let failure = snapshot.status.authFailure {
                    p.outcome = .unauthorized(failure)
                } else if mine.allSatisfy(isSettled) {
                    p.outcome = .settled(anyFailed: mine.contains(where: isFailure))
                }
                return p.outcome
            }
            if finished != nil { done.signal() }
        }

        let subscription = engine.store.events.subscribe { _ in check() }
        check()
        engine.start()
        let waited = done.wait(timeout: timeout.map { .now() + $0 } ?? .distantFuture)
        subscription.cancel()
        engine.stop()
        if waited == .timedOut {
            return progress.withLock { p in
                if let o = p.outcome { return o }
                p.outcome = .timedOut
                return .timedOut
            }
        }
        return progress.current.outcome ?? .timedOut
    }
}
