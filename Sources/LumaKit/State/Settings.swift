import Foundation
import GRDB

/// Choices made in the dashboard that the next start uses (the theme `t` chose), kept beside the
/// tracked list rather than written into the user's config file.
extension TrackedList {
    /// The value remembered under `name`, nil when none (or no database yet).
    public func setting(_ name: String) throws(PersistenceError) -> String? {
        try store.read(empty: nil) { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE name = ?", arguments: [name])
        }
    }

    /// Remembers each value under its name, replacing what was there, in one transaction.
    public func remember(_ values: [String: String]) throws(PersistenceError) {
        try store.write { db in
            for (name, value) in values {
                try db.execute(sql: """
                    INSERT INTO settings (name, value) VALUES (?, ?)
                    ON CONFLICT (name) DO UPDATE SET value = excluded.value
                    """, arguments: [name, value])
            }
        }
    }
}
