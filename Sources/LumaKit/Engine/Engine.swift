import Foundation

/// The engine, wired: a store fed by a poller, its answers kept in the state file. The dashboard
/// and `watch` run one; one-shot commands use the file and the client directly.
public final class Engine: @unchecked Sendable {
    public let store: GenerationStore
    public let poller: Poller
    public let file: TrackedFile?
    private let saver: StateSaver?

    public init(client: any GenerationsClient, file: TrackedFile?, policy: PollPolicy,
                now: @escaping @Sendable () -> Date = Date.init,
                onPersistenceError: @escaping @Sendable (PersistenceError) -> Void = { _ in }) {
        let store = GenerationStore(now: now)
        self.store = store
        poller = Poller(client: client, store: store, policy: policy, now: now)
        self.file = file
        saver = file.map { StateSaver(file: $0, store: store, onError: onPersistenceError) }
    }

    /// Loads the tracked list into the store: last known states show at once, and finished
    /// generations are not fetched again. Returns the notice of a corrupt file set aside, if any.
    @discardableResult
    public func load() throws(PersistenceError) -> String? {
        guard let file else { return nil }
        let loaded = try file.loadTracked()
        store.insert(loaded.tracked)
        return loaded.notice
    }

    public func start() { poller.start() }

    public func stop() {
        poller.stop()
        saver?.flush()
    }

    /// Tracks ids in the file (when there is one, and it can be written) and the store.
    public func track(_ ids: [String]) throws(PersistenceError) {
        if let file, file.notKept == nil {
            let at = Date()
            try file.update { records in records.addMissing(ids, at: at) }
        }
        store.track(ids)
    }

    public func untrack(_ ids: [String]) throws(PersistenceError) {
        if let file, file.notKept == nil {
            let gone = Set(ids)
            try file.update { records in records.removeAll { gone.contains($0.id) } }
        }
        store.untrack(ids)
    }

    /// Brings the store in line with changes other processes made to the file: ids tracked
    /// elsewhere appear, ids untracked elsewhere go.
    public func syncFromFile() throws(PersistenceError) {
        // Our own saves wake the watcher too; those hold nothing new.
        guard let file, !file.isOwnLastWrite() else { return }
        let records = try file.load().records
        let onDisk = Set(records.map(\.id))
        let known = Set(store.ids)
        store.insert(records.filter { !known.contains($0.id) }.map(\.tracked))
        store.untrack(known.subtracting(onDisk).sorted())
        // Videos saved from another shell (`lumatop download`) show as saved here too.
        let unsaved = Set(store.snapshot().generations.filter { $0.savedPath == nil }.map(\.id))
        for r in records { if let path = r.savedPath, unsaved.contains(r.id) { store.recordSaved(r.id, path: path) } }
    }
}

extension Array where Element == TrackedRecord {
    /// Appends records for ids not present yet, in the order given.
    public mutating func addMissing(_ ids: [String], at date: Date) {
        var present = Set(map(\.id))
        for id in ids where !present.contains(id) {
            append(TrackedRecord(id: id, trackedAt: date))
            present.insert(id)
        }
    }
}
