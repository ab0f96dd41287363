import Foundation

/// Keeps what the store learns in the tracked list: the answers and saved paths that changed,
/// written off the caller's thread, one transaction per round (answers arriving within `delay`
/// of each other). Poll bookkeeping is never written: an answer equal to the kept one changes
/// nothing the list keeps, so it costs nothing.
public final class Recorder: @unchecked Sendable {
    private let list: TrackedList
    private let store: GenerationStore
    private let delay: TimeInterval
    private let queue = DispatchQueue(label: "lumatop.recorder")
    private let onError: @Sendable (PersistenceError) -> Void
    private let onTransitions: @Sendable ([Transition]) -> Void
    // Touched on `queue` only.
    private var dirty = Set<String>()
    private var scheduled = false
    /// Failed writes in a row: what was not written is tried again, later each time.
    private var failures = 0
    private var subscription: Subscription?

    public init(list: TrackedList, store: GenerationStore, delay: TimeInterval = 0.2,
                onError: @escaping @Sendable (PersistenceError) -> Void,
                onTransitions: @escaping @Sendable ([Transition]) -> Void = { _ in }) {
        self.list = list
        self.store = store
        self.delay = delay
        self.onError = onError
        self.onTransitions = onTransitions
        // On the recorder's own queue: `flush` then comes after every change made before it.
        subscription = store.events.subscribe(on: queue) { @Sendable [weak self] event in
            guard let self, case .updated(let id, _, kept: true) = event else { return }
            self.markDirty(id)
        }
    }

    private func markDirty(_ id: String) {
        dirty.insert(id)
        schedule(after: delay)
    }

    private func schedule(after wait: TimeInterval) {
        guard !scheduled else { return }
        scheduled = true
        queue.asyncAfter(deadline: Bounded.deadline(in: wait)) { [weak self] in self?.write() }
    }

    /// A change of the user's (track, untrack) made on the recorder's queue, in order with the
    /// answers, so a key never waits on the database.
    public func perform(_ change: @escaping @Sendable (TrackedList) throws(PersistenceError) -> Void) {
        queue.async { [self] in
            guard list.notKept == nil else { return }
            do throws(PersistenceError) { try change(list) } catch { onError(error) }
        }
    }

    /// Writes whatever is pending now, and waits for it.
    public func flush() {
        queue.sync { write() }
    }

    private func write() {
        scheduled = false
        guard !dirty.isEmpty else { return }
        let ids = dirty.sorted()
        dirty.removeAll()
        // A state directory that cannot be written: the answers live in memory only, as shown.
        guard list.notKept == nil else { return }
        let snapshot = store.snapshot()
        var answers: [TrackedList.Answered] = []
        var saved: [String: String] = [:]
        for id in ids {
            guard let g = snapshot[id] else { continue }
            if let answer = g.generation {
                answers.append(TrackedList.Answered(id: id, answer: answer, at: g.lastPolledAt ?? Date()))
            }
            if let path = g.savedPath { saved[id] = path }
        }
        do {
            let transitions = try list.record(answers, saved: saved)
            failures = 0
            if !transitions.isEmpty { onTransitions(transitions) }
        } catch {
            // A full disk or a busy database: nothing is lost, it is written when it can be.
            dirty.formUnion(ids)
            failures += 1
            if failures == 1 || failures.isMultiple(of: 10) { onError(error) }
            schedule(after: min(60, delay * pow(2, Double(min(failures, 10)))))
        }
    }

    deinit { subscription?.cancel() }
}
