import Foundation
import GRDB

/// The database's tables, their migrations, and reading rows back.
///
/// - `generations`: one row per tracked id: when it was tracked, the last answer as JSON in the
///   server's shape (`answer`), the columns a list sorts and filters on (`state`, `created_at`,
///   `prompt`), the saved path, when the state last changed, and `changed`: the list's version
///   when the row last changed (what "changed since V" asks).
/// - `untracked`: ids untracked, with the version it happened at, for the same question.
/// - `transitions`: one row per change of state: id, "from" (NULL: the first answer), "to", at;
///   never rewritten.
/// - `list`: one row, the list's version, raised by every transaction that changes something.
/// - `generations.extends` (schema 2): the id a generation was made from by extend, else NULL.
/// - `settings` (schema 3): choices made in the dashboard that outlive it (the theme `t` chose),
///   by name; not part of the list, so writing one does not raise its version.
///
/// Times are seconds since 1970 (REAL). Migrations run in order, in one IMMEDIATE transaction
/// that re-reads `user_version`, so processes starting together never run one twice.
enum Schema {
    static let migrations: [String] = [
        """
        CREATE TABLE generations (
            id TEXT PRIMARY KEY NOT NULL,
            tracked_at REAL NOT NULL,
            answer TEXT,
            state TEXT,
            created_at REAL,
            prompt TEXT,
            saved_path TEXT,
            state_changed_at REAL,
            changed INTEGER NOT NULL
        );
        CREATE INDEX generations_changed ON generations (changed);
        CREATE TABLE untracked (id TEXT PRIMARY KEY NOT NULL, changed INTEGER NOT NULL);
        CREATE TABLE transitions (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL,
            "from" TEXT,
            "to" TEXT NOT NULL,
            at REAL NOT NULL
        );
        CREATE INDEX transitions_id ON transitions (id, at);
        CREATE INDEX transitions_at ON transitions (at);
        CREATE TABLE list (version INTEGER NOT NULL);
        INSERT INTO list (version) VALUES (0);
        """,
        """
        ALTER TABLE generations ADD COLUMN extends TEXT;
        """,
        """
        CREATE TABLE settings (name TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
        """,
    ]

    static var current: Int { migrations.count }

    /// Brings the schema up to date; refuses a database from a newer lumatop. `then` runs in the
    /// same transaction (the import of `tracked.json`: whoever creates the tables fills them first).
    static func migrate(_ db: Database, path: String, then: ((Database) throws -> Void)? = nil) throws {
        func check(_ found: Int) throws -> Bool {
            guard found <= current else { throw Newer(path: path, schema: found) }
            return found == current
        }
        if then == nil, try check(try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0) { return }
        try db.inTransaction(.immediate) {
            let found = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            if try !check(found) {
                for sql in migrations[found...] { try db.execute(sql: sql) }
                try db.execute(sql: "PRAGMA user_version = \(current)")
            }
            try then?(db)
            return .commit
        }
    }

    struct Newer: Error {
        let path: String, schema: Int
    }

    /// Damage a read of the rows would not meet (an index, a free page): reported as SQLite
    /// reports corruption, so the database is set aside the same way.
    static func check(_ db: Database) throws {
        let verdict = try String.fetchOne(db, sql: "PRAGMA quick_check(1)")
        guard verdict == "ok" else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "quick_check: \(verdict ?? "no answer")")
        }
    }

    static func version(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT version FROM list") ?? 0
    }

    /// Rows of `generations` made into records, each handed to `keep` as it is read.
    static func records<Item>(_ db: Database, sql: String, arguments: StatementArguments = [],
                              _ keep: (TrackedRecord) -> Item) throws -> [Item] {
        var out: [Item] = []
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() { out.append(keep(record(row))) }
        return out
    }

    /// The columns `record` reads, in its order.
    static let recordColumns = "id, tracked_at, answer, saved_path, state_changed_at, extends"

    /// A row of `recordColumns` as a record. An answer that no longer reads (written by hand, say)
    /// is dropped, not fatal: the next poll brings it back.
    static func record(_ row: Row) -> TrackedRecord {
        // By position, and the answer read in place: 10,000 rows loaded at start make nothing
        // on the side that outlives them.
        let answer: Generation? = (try? row.withUnsafeData(atIndex: 2) { data in
            data.flatMap { try? GenerationDecoder.decode($0) }
        }) ?? nil
        return TrackedRecord(id: row[0], trackedAt: date(row[1]) ?? Date(timeIntervalSince1970: 0),
                             stateChangedAt: date(row[4]), answer: answer, savedPath: row[3], extends: row[5])
    }

    static func transitions(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> [Transition] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            Transition(id: row[0], from: (row[1] as String?).map(GenerationState.init(word:)),
                       to: GenerationState(word: row[2]), at: date(row[3]) ?? Date(timeIntervalSince1970: 0))
        }
    }

    static func date(_ seconds: Double?) -> Date? {
        guard let seconds, seconds.isFinite else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }
}
