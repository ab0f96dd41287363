import Foundation

/// Writes answers from the store to the state file, coalesced: many answers within `delay` become
/// one write. It only updates ids the file already has, so an id untracked from another shell is
/// never brought back by a late answer.
public final class StateSaver: @unchecked Sendable {
    private let file: TrackedFile
    private let store: GenerationStore
    private let delay: TimeInterval
    private let queue = DispatchQueue(label: "lumatop.saver")
    private let onError: @Sendable (PersistenceError) -> Void
    private var dirty = Set<String>()
    private var scheduled = false
    private var subscription: Subscription?

    public init(file: TrackedFile, store: GenerationStore, delay: TimeInterval = 0.5,
                onError: @escaping @Sendable (PersistenceError) -> Void = { _ in }) {
        self.file = file
        self.store = store
        self.delay = delay
        self.onError = onError
        subscription = store.events.subscribe { @Sendable [weak self] event in
            guard let self, case .updated(let id, _, _) = event else { return }
            self.queue.async { self.markDirty(id) }
        }
    }

    private func markDirty(_ id: String) {
        dirty.insert(id)
        guard !scheduled else { return }
        scheduled = true
        queue.asyncAfter(deadline: Bounded.deadline(in: delay)) { [weak self] in self?.write() }
    }

    /// Writes whatever is pending now, and waits for it.
    public func flush() {
        queue.sync { write() }
    }

    private func write() {
        scheduled = false
        guard !dirty.isEmpty else { return }
        let ids = dirty
        dirty.removeAll()
        // A state directory that cannot be written: the answers live in memory only, as shown.
        guard file.notKept == nil else { return }
        let snapshot = store.snapshot()
        let latest = Dictionary(uniqueKeysWithValues: snapshot.generations.filter { ids.contains($0.id) }.map { ($0.id, $0) })
        do {
            try file.update { records in
                for i in records.indices {
                    guard let g = latest[records[i].id] else { continue }
                    // A path saved by `lumatop download` in another shell is not ours to drop.
                    let savedElsewhere = records[i].savedPath
                    records[i] = TrackedRecord(g)
                    if records[i].savedPath == nil { records[i].savedPath = savedElsewhere }
                }
            }
        } catch {
            onError(error)
        }
    }

    deinit { subscription?.cancel() }
}
