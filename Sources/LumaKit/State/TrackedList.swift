import Foundation
import GRDB

/// The tracked list, kept in one SQLite database per provider in the state directory
/// (`lumatop.sqlite3` for QuickRouter, `lumatop-luma.sqlite3` for the Luma API): the
/// ids the user follows, the last answer of each, where its video was saved, and every change of
/// state. Every writer (the dashboard, every command, the demo) goes through this type, and the
/// merge rule lives here only: a change costs what it changes, and processes never lose each
/// other's changes (SQLite's locks, WAL, a busy timeout).
///
/// Every call is synchronous and may come from any thread; the database serializes them.
public final class TrackedList: Sendable {
    /// QuickRouter's file: the name it had before there were providers, so nothing existing moves.
    public static let fileName = "lumatop.sqlite3"
    public let directory: URL
    /// Whose generations these are: the same id under two providers is two generations, so each
    /// provider has its own file and switching providers never mixes their lists.
    public let provider: Provider
    public var fileName: String { Self.databaseName(for: provider) }
    public var url: URL { directory.appendingPathComponent(fileName) }
    let store: DatabaseStore

    /// A list in `directory` (created on the first change). Nothing is opened until it is needed.
    public init(directory: URL, provider: Provider = .quickrouter) {
        self.directory = directory.standardizedFileURL
        self.provider = provider
        // tracked.json predates providers: it was QuickRouter's.
        store = DatabaseStore(directory: self.directory, fileName: Self.databaseName(for: provider),
                              importsLegacy: provider == .quickrouter)
    }

    /// The database file of a provider's list.
    public static func databaseName(for provider: Provider) -> String {
        switch provider {
        case .quickrouter: Self.fileName
        case .luma: "lumatop-luma.sqlite3"
        }
    }

    /// `$XDG_STATE_HOME/lumatop`, else `~/.local/state/lumatop`.
    public static func defaultDirectory(environment env: [String: String]) -> URL {
        if let state = env["XDG_STATE_HOME"], state.hasPrefix("/") {
            return URL(fileURLWithPath: state).appendingPathComponent("lumatop")
        }
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/state/lumatop")
    }

    /// Why changes are not kept (the state directory cannot be written), once that is known; nil
    /// when they are. Reading still works; callers say so to the user.
    public var notKept: String? { store.notKept }

    /// What opening found that the user should hear (a corrupt database moved aside, a
    /// `tracked.json` imported), each handed out once.
    public func takeNotices() -> [String] { store.takeNotices() }

    // MARK: reading

    /// Everything tracked, in the order it was tracked, and the version it is as of.
    public func load() throws(PersistenceError) -> (records: [TrackedRecord], version: Int) {
        try load { $0 }
    }

    /// `load`, each row made into what the caller keeps as it is read (the store's form: 10,000
    /// answers are never held twice).
    public func load<Item>(_ keep: @escaping (TrackedRecord) -> Item) throws(PersistenceError) -> (records: [Item], version: Int) {
        try store.read(empty: ([], 0)) { db in
            try Schema.check(db)
            let version = try Schema.version(db)
            let rows = try Schema.records(db, sql: "SELECT \(Schema.recordColumns) FROM generations ORDER BY rowid", keep)
            // The pages a whole read brought in are not needed again.
            try db.execute(sql: "PRAGMA shrink_memory")
            return (rows, version)
        }
    }

    /// What changed since `version` (as `load` or an earlier call gave it): the rows tracked or
    /// changed since, the ids untracked since, and the version now.
    public func changes(since version: Int) throws(PersistenceError) -> Changes {
        try store.read(empty: Changes(version: version, changed: [], removed: [])) { db in
            let now = try Schema.version(db)
            guard now != version else { return Changes(version: now, changed: [], removed: []) }
            let changed = try Schema.records(db, sql: "SELECT \(Schema.recordColumns) FROM generations WHERE changed > ? ORDER BY rowid",
                                             arguments: [version]) { $0 }
            let removed = try String.fetchAll(db, sql: """
                SELECT id FROM untracked WHERE changed > ? AND id NOT IN (SELECT id FROM generations)
                ORDER BY changed
                """, arguments: [version])
            return Changes(version: now, changed: changed, removed: removed)
        }
    }

    public struct Changes: Sendable {
        public var version: Int
        public var changed: [TrackedRecord]
        public var removed: [String]
    }

    /// True when another process committed a change since the last call (cheap: no query of the
    /// tables). The first call says true.
    public func changedElsewhere() -> Bool { store.changedElsewhere() }

    /// Where the videos of these ids were saved, for those tracked with a saved path: a look at
    /// two columns, no answer read.
    public func savedPaths(of ids: [String]) throws(PersistenceError) -> [String: String] {
        try store.read(empty: [:]) { db in
            var paths: [String: String] = [:]
            for id in ids {
                let path = try String.fetchOne(db, sql: "SELECT saved_path FROM generations WHERE id = ?",
                                               arguments: [Merge.text(id)])
                if let path { paths[id] = path }
            }
            return paths
        }
    }

    /// State changes, oldest first: of `ids` (all when empty), at or after `since`.
    public func transitions(of ids: [String] = [], since: Date? = nil) throws(PersistenceError) -> [Transition] {
        try store.read(empty: []) { db in
            var sql = "SELECT id, \"from\", \"to\", at FROM transitions WHERE at >= ?"
            var arguments: StatementArguments = [since?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude]
            if !ids.isEmpty {
                sql += " AND id IN (\(ids.map { _ in "?" }.joined(separator: ",")))"
                arguments += StatementArguments(ids.map(Merge.text))
            }
            return try Schema.transitions(db, sql: sql + " ORDER BY at, seq", arguments: arguments)
        }
    }

    /// Every transition of the `completions` generations that completed last (by when they did):
    /// what `Estimates` learns from.
    public func history(completions: Int = Estimates.completions) throws(PersistenceError) -> [Transition] {
        try store.read(empty: []) { db in
            try Schema.transitions(db, sql: """
                WITH done AS (SELECT id, MAX(at) AS at FROM transitions WHERE "to" = 'completed'
                              GROUP BY id ORDER BY at DESC LIMIT ?)
                SELECT t.id, t."from", t."to", t.at FROM transitions t JOIN done USING (id)
                ORDER BY t.at, t.seq
                """, arguments: [completions])
        }
    }

    // MARK: changing

    /// Adds the ids not tracked yet, in the order given; returns those added. `parent`: the
    /// generation they continue (made by extend), kept as their `extends`.
    @discardableResult
    public func track(_ ids: [String], extends parent: String? = nil, at date: Date = Date()) throws(PersistenceError) -> [String] {
        try store.write { db in try Merge.track(ids, extends: parent, at: date, db) }
    }

    /// Adds whole records (an import, the bench), keeping their times, answers and saved paths;
    /// ids already tracked are left as they are. Returns those added.
    @discardableResult
    public func insert(_ records: [TrackedRecord]) throws(PersistenceError) -> [String] {
        try store.write { db in try Merge.insert(records, db) }
    }

    /// Removes the ids; returns those that were tracked. Their history stays.
    @discardableResult
    public func untrack(_ ids: [String]) throws(PersistenceError) -> [String] {
        try store.write(none: []) { db in try Merge.untrack(ids, db) }
    }

    /// One answer to keep: what it said and when it came.
    public struct Answered: Sendable {
        public var id: String
        public var answer: Generation
        public var at: Date
        public init(id: String, answer: Generation, at: Date) { self.id = id; self.answer = answer; self.at = at }
    }

    /// Keeps a round of answers and saved paths in one transaction, by the merge rule (`Merge`):
    /// only for ids still tracked, only what differs from what is kept. Returns the transitions
    /// written.
    @discardableResult
    public func record(_ answers: [Answered], saved: [String: String] = [:]) throws(PersistenceError) -> [Transition] {
        guard !answers.isEmpty || !saved.isEmpty else { return [] }
        return try store.write(none: []) { db in try Merge.record(answers, saved: saved, db) }
    }

    /// Keeps where a video was saved (for an id still tracked).
    public func recordSaved(_ id: String, path: String) throws(PersistenceError) {
        try record([], saved: [id: path])
    }
}
