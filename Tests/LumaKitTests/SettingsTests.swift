import Foundation
import GRDB
import Testing
@testable import LumaKit

/// Choices the dashboard keeps for the next start, in the real SQLite file beside the list.
@Suite struct SettingsTests {
    @Test func aSettingOutlivesTheProcessThatWroteIt() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try TrackedList(directory: dir).setting("theme") == nil, "no database yet: nothing remembered")
        let first = TrackedList(directory: dir)
        try first.track(["kept-1"])
        let tracked = try first.load().version
        try first.remember(["theme": "dark", "theme.config": ""])
        try first.remember(["theme": "gruvbox"])
        // Another opening of the same file, as the next start makes.
        let next = TrackedList(directory: dir)
        #expect(try next.setting("theme") == "gruvbox", "the last choice")
        #expect(try next.setting("theme.config") == "")
        #expect(try next.load().version == tracked, "a setting is not a change of the list")
        #expect(try next.load().records.map(\.id) == ["kept-1"])
    }

    @Test func aSchemaTwoDatabaseGainsSettingsKeepingItsRows() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(TrackedList.fileName).path
        try DatabaseQueue(path: path).writeWithoutTransaction { db in
            for sql in Schema.migrations[..<2] { try db.execute(sql: sql) }
            try db.execute(sql: "PRAGMA user_version = 2")
            try db.execute(sql: "INSERT INTO generations (id, tracked_at, changed) VALUES ('old-1', 0, 1)")
        }
        let list = TrackedList(directory: dir)
        try list.remember(["theme": "light"])
        #expect(try TrackedList(directory: dir).setting("theme") == "light")
        #expect(try list.load().records.map(\.id) == ["old-1"])
        let version = try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "PRAGMA user_version") }
        #expect(version == Schema.current)
    }
}
