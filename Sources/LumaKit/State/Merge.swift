import Foundation
import GRDB

/// The one merge rule of the tracked list, applied inside a write transaction:
/// - answers and saved paths are kept only for ids still tracked: a late answer never brings
///   back an id untracked from another shell;
/// - an answer equal to the kept one writes nothing;
/// - a finished answer is never replaced by an unfinished one (a stale answer from a slower
///   process); a later finished one replaces it;
/// - a change of state sets `state_changed_at` and writes a transition;
/// - a saved path is set, never cleared (a file saved by another shell is not ours to drop).
/// Whatever changed takes the list's next version, once per transaction.
enum Merge {
    /// `parent`: what the ids were made from by extend; also set on a tracked id without one.
    static func track(_ ids: [String], extends parent: String? = nil, at date: Date, _ db: Database) throws -> [String] {
        var version = Version(db)
        var added: [String] = []
        var seen = Set<String>()
        for id in ids where seen.insert(id).inserted {
            guard try !exists(id, db) else {
                if let parent, try String.fetchOne(db, sql: "SELECT extends FROM generations WHERE id = ?",
                                                   arguments: [text(id)]) == nil {
                    try db.execute(sql: "UPDATE generations SET extends = ?, changed = ? WHERE id = ?",
                                   arguments: [text(parent), try version.next(), text(id)])
                }
                continue
            }
            try db.execute(sql: "INSERT INTO generations (id, tracked_at, extends, changed) VALUES (?, ?, ?, ?)",
                           arguments: [text(id), date.timeIntervalSince1970, parent.map(text), try version.next()])
            try db.execute(sql: "DELETE FROM untracked WHERE id = ?", arguments: [text(id)])
            added.append(id)
        }
        return added
    }

    static func insert(_ records: [TrackedRecord], _ db: Database) throws -> [String] {
        var version = Version(db)
        var added: [String] = []
        for r in records {
            guard try !exists(r.id, db) else { continue }
            let answer = r.answer
            try db.execute(sql: """
                INSERT INTO generations (id, tracked_at, answer, state, created_at, prompt, saved_path,
                                         state_changed_at, extends, changed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [text(r.id), r.trackedAt.timeIntervalSince1970, answer.map(\.storedJSON),
                                 answer.map { text($0.state.word) }, answer?.created?.timeIntervalSince1970,
                                 answer?.prompt.map(text), r.savedPath.map(text), r.stateChangedAt?.timeIntervalSince1970,
                                 r.extends.map(text), try version.next()])
            try db.execute(sql: "DELETE FROM untracked WHERE id = ?", arguments: [text(r.id)])
            added.append(r.id)
        }
        return added
    }

    static func untrack(_ ids: [String], _ db: Database) throws -> [String] {
        var version = Version(db)
        var removed: [String] = []
        for id in ids where try exists(id, db) {
            try db.execute(sql: "DELETE FROM generations WHERE id = ?", arguments: [text(id)])
            try db.execute(sql: "INSERT OR REPLACE INTO untracked (id, changed) VALUES (?, ?)",
                           arguments: [text(id), try version.next()])
            removed.append(id)
        }
        return removed
    }

    static func record(_ answers: [TrackedList.Answered], saved: [String: String], _ db: Database) throws -> [Transition] {
        var version = Version(db)
        var transitions: [Transition] = []
        for a in answers {
            guard let row = try Row.fetchOne(db, sql: "SELECT answer, state FROM generations WHERE id = ?",
                                             arguments: [text(a.id)]) else { continue }
            let kept: String? = row["answer"]
            let from = (row["state"] as String?).map(GenerationState.init(word:))
            let to = a.answer.state
            if let from, from.isFinished, !to.isFinished { continue }
            let json = a.answer.storedJSON
            guard json != kept else { continue }
            let at = a.at.timeIntervalSince1970
            let moved = from?.word != text(to.word)
            try db.execute(sql: """
                UPDATE generations SET answer = ?, state = ?, created_at = ?, prompt = ?, changed = ?,
                       state_changed_at = CASE WHEN ? THEN ? ELSE state_changed_at END
                WHERE id = ?
                """, arguments: [json, text(to.word), a.answer.created?.timeIntervalSince1970, a.answer.prompt.map(text),
                                 try version.next(), moved, at, text(a.id)])
            guard moved else { continue }
            try db.execute(sql: "INSERT INTO transitions (id, \"from\", \"to\", at) VALUES (?, ?, ?, ?)",
                           arguments: [text(a.id), from?.word, text(to.word), at])
            transitions.append(Transition(id: a.id, from: from, to: to, at: a.at))
        }
        for (id, path) in saved.sorted(by: { $0.key < $1.key }) {
            guard let kept = try Row.fetchOne(db, sql: "SELECT saved_path FROM generations WHERE id = ?", arguments: [text(id)]),
                  kept["saved_path"] as String? != text(path) else { continue }
            try db.execute(sql: "UPDATE generations SET saved_path = ?, changed = ? WHERE id = ?",
                           arguments: [text(path), try version.next(), text(id)])
        }
        return transitions
    }

    private static func exists(_ id: String, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM generations WHERE id = ?", arguments: [text(id)]) ?? false
    }

    /// Text as a column keeps it: SQLite's C interface ends a string at NUL, so a NUL (only ever
    /// in hostile data: ids are checked, paths cannot hold one) is kept as U+FFFD instead of
    /// cutting the rest off. Answers are JSON, where NUL is escaped.
    static func text(_ s: String) -> String {
        s.utf8.contains(0) ? s.replacingOccurrences(of: "\0", with: "\u{FFFD}") : s
    }

    /// The version a transaction's changes take: the list's next, raised on the first change only,
    /// so a transaction that changes nothing writes nothing.
    struct Version {
        private let db: Database
        private var value: Int?
        init(_ db: Database) { self.db = db }

        mutating func next() throws -> Int {
            if let value { return value }
            try db.execute(sql: "UPDATE list SET version = version + 1")
            let v = try Schema.version(db)
            value = v
            return v
        }
    }
}
