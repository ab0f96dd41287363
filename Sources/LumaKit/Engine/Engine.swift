import Foundation

/// The engine, wired: a store fed by a poller, what it learns kept in the tracked list, and the
/// list's changes by other processes brought back into the store. The dashboard and `watch` run
/// one; one-shot commands use the list and the client directly.
public final class Engine: Sendable {
    public let store: GenerationStore
    public let poller: Poller
    public let list: TrackedList?
    /// The account's recent list and credits, where the provider has them (the official API).
    public let account: AccountList?
    private let recorder: Recorder?
    private let scheduler: any Scheduler
    /// The list's version the store is in step with.
    private let seen = Locked(0)

    public init(client: any GenerationsClient, list: TrackedList?, policy: PollPolicy,
                scheduler: any Scheduler = DispatchScheduler(),
                account reader: (any AccountReader)? = nil, recent: Int = AccountList.defaultLimit,
                onAccountError: @escaping @Sendable (APIError) -> Void = { _ in },
                onPersistenceError: @escaping @Sendable (PersistenceError) -> Void = { _ in }) {
        let store = GenerationStore(now: { scheduler.now })
        self.store = store
        self.scheduler = scheduler
        poller = Poller(client: client, store: store, policy: policy, scheduler: scheduler)
        account = reader.map { AccountList(reader: $0, store: store, limit: recent, scheduler: scheduler, onError: onAccountError) }
        self.list = list
        recorder = list.map { list in
            Recorder(list: list, store: store, onError: onPersistenceError) { transitions in
                // A completion adds to what the estimates learn from.
                guard transitions.contains(where: { $0.to == .completed }),
                      let history = try? list.history() else { return }
                store.setEstimates(Estimates(history: history))
            }
        }
    }

    /// Opens the list (creating it, importing an old `tracked.json`) and loads it into the store:
    /// last known states show at once, and finished generations are not fetched again. Returns
    /// what the user should hear (a corrupt database moved aside, an import).
    @discardableResult
    public func load() throws(PersistenceError) -> [String] {
        try load(only: nil)
    }

    /// As `load`, but only these ids go into the store (with what the list knows of them; an id it
    /// does not hold comes in new, and is not added to the list), so nothing else is polled.
    @discardableResult
    public func load(ids: [String]) throws(PersistenceError) -> [String] {
        try load(only: ids)
    }

    private func load(only ids: [String]?) throws(PersistenceError) -> [String] {
        guard let list else {
            store.track(ids ?? [])
            return []
        }
        try list.prepare()
        let loaded = try list.load(\.tracked)
        if let ids {
            let byID = Dictionary(loaded.records.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let at = scheduler.now
            store.insert(ids.map { byID[$0] ?? TrackedGeneration(id: $0, firstSeen: at) })
        } else {
            store.insert(loaded.records)
        }
        seen.withLock { $0 = loaded.version }
        _ = list.changedElsewhere()
        if let history = try? list.history() { store.setEstimates(Estimates(history: history)) }
        return list.takeNotices()
    }

    public func start() {
        poller.start()
        account?.start()
    }

    public func stop() {
        account?.stop()
        poller.stop()
        flush()
    }

    /// Waits until every change made so far is in the list.
    public func flush() { recorder?.flush() }

    /// Tracks ids in the store at once, and in the list (when it can be written) off this thread;
    /// a failure reaches `onPersistenceError`. `parent`: the generation the ids continue (a new
    /// id made by extend), kept as their `extends`.
    public func track(_ ids: [String], extends parent: String? = nil) {
        if let parent {
            let at = scheduler.now
            store.insert(ids.map { TrackedGeneration(id: $0, firstSeen: at, extends: parent) })
        } else {
            store.track(ids)
        }
        recorder?.perform { list throws(PersistenceError) in try list.track(ids, extends: parent) }
    }

    /// Keeps dashboard choices (the theme) for the next start, off this thread like every write.
    public func remember(_ values: [String: String]) {
        recorder?.perform { list throws(PersistenceError) in try list.remember(values) }
    }

    public func untrack(_ ids: [String]) {
        store.untrack(ids)
        recorder?.perform { list throws(PersistenceError) in try list.untrack(ids) }
    }

    /// Brings the store in line with what other processes changed in the list: ids tracked
    /// elsewhere appear, ids untracked elsewhere go, answers and saved paths found elsewhere show.
    public func syncFromList() throws(PersistenceError) {
        guard let list, list.changedElsewhere() else { return }
        let since = seen.current
        let changes = try list.changes(since: since)
        store.insert(changes.changed.map(\.tracked))
        store.adopt(changes.changed.map(\.tracked))
        store.untrack(changes.removed)
        seen.withLock { $0 = max($0, changes.version) }
    }
}
