import Foundation

/// News of a generation that finished while lumatop watched: what the user is told, and whether
/// the bell rings and the `--on-complete` command runs. Decided here; the screen only shows it.
public struct Announcement: Hashable, Sendable {
    public let id: String
    public let text: String
    public let isError: Bool
    /// Ring the bell and send a desktop notification (`--notify`).
    public let alert: Bool
    /// Run the `--on-complete` command for this id.
    public let runHook: Bool

    public init(_ g: TrackedGeneration, alert: Bool, runHook: Bool) {
        let short = g.id.prefix(8)
        id = g.id
        isError = g.state != .completed
        text = g.state == .completed
            ? "\(short) completed" + (g.generation?.prompt.map { ": " + UntrustedText.line($0) } ?? "")
            : "\(short) failed" + (g.generation?.failureReason.map { ": " + UntrustedText.line($0) } ?? "")
        self.alert = alert
        self.runHook = runHook
    }
}

/// Follows a store and announces each generation that finishes (see `FinishTracker` for what
/// counts as news). Keep the object: releasing it stops the news.
public final class FinishNews: Sendable {
    private let subscription: Subscription

    public init(store: GenerationStore, alert: Bool, runHook: Bool,
                _ announce: @escaping @Sendable (Announcement) -> Void) {
        let finishes = Locked(FinishTracker(store.snapshot()))
        subscription = store.events.subscribe { @Sendable event in
            switch event {
            case .updated(let id, stateChanged: true, _):
                guard let g = store.snapshot()[id], finishes.withLock({ $0.observe(g) }) else { return }
                announce(Announcement(g, alert: alert, runHook: runHook))
            case .untracked(let ids):
                finishes.withLock { f in ids.forEach { f.forget($0) } }
            default: break
            }
        }
    }

    public func cancel() { subscription.cancel() }
}
