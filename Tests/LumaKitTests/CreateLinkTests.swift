import Foundation
import GRDB
import Testing
@testable import LumaKit

/// The extend link: kept in the list (schema 2), read back, carried by the engine's store.
@Suite struct CreateLinkTests {
    let t = Date(timeIntervalSince1970: 1_800_000_000.25)

    @Test func aChildKeepsItsParent() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = TrackedList(directory: dir)
        try list.track(["parent"], at: t)
        #expect(try list.track(["child"], extends: "parent", at: t) == ["child"])
        let records = try TrackedList(directory: dir).load().records
        #expect(records.map(\.id) == ["parent", "child"])
        #expect(records.map(\.extends) == [nil, "parent"])
        #expect(records[1].tracked.extends == "parent")
        // What another process sees as a change carries it too.
        #expect(try list.changes(since: 1).changed.map(\.extends) == ["parent"])
    }

    @Test func aLinkIsAddedToATrackedIDWithoutOneAndNeverReplaced() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = TrackedList(directory: dir)
        try list.track(["child"], at: t)
        let before = try list.load().version
        #expect(try list.track(["child"], extends: "first", at: t).isEmpty)
        #expect(try list.load().version == before + 1)
        try list.track(["child"], extends: "second", at: t)
        #expect(try list.load().records.first?.extends == "first")
        #expect(try list.load().version == before + 1, "nothing changed, nothing written")
    }

    /// A database written before the link opens, keeps every row, and takes links from then on.
    @Test func aSchemaOneDatabaseIsMigratedKeepingEverything() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent(TrackedList.fileName).path
        let answer = Generation(id: "old-1", state: .completed, prompt: "cat dance", aspectRatio: "16:9")
        try DatabaseQueue(path: path).writeWithoutTransaction { db in
            try db.execute(sql: Schema.migrations[0])
            try db.execute(sql: "PRAGMA user_version = 1")
            try db.execute(sql: """
                INSERT INTO generations (id, tracked_at, answer, state, prompt, saved_path, state_changed_at, changed)
                VALUES ('old-1', ?, ?, 'completed', 'cat dance', '/v/old-1.mp4', ?, 1), ('old-2', ?, NULL, NULL, NULL, NULL, NULL, 1)
                """, arguments: [t.timeIntervalSince1970, answer.storedJSON, t.timeIntervalSince1970 + 5, t.timeIntervalSince1970])
            try db.execute(sql: "INSERT INTO transitions (id, \"from\", \"to\", at) VALUES ('old-1', NULL, 'completed', ?)",
                           arguments: [t.timeIntervalSince1970 + 5])
            try db.execute(sql: "UPDATE list SET version = 1")
        }
        let list = TrackedList(directory: dir)
        let loaded = try list.load()
        #expect(loaded.version == 1)
        #expect(loaded.records.map(\.id) == ["old-1", "old-2"])
        #expect(loaded.records[0].answer == answer && loaded.records[0].savedPath == "/v/old-1.mp4")
        #expect(loaded.records[0].stateChangedAt == t + 5 && loaded.records[1].trackedAt == t)
        #expect(loaded.records.allSatisfy { $0.extends == nil })
        #expect(try list.transitions(of: ["old-1"]).map(\.to) == [.completed])
        try list.track(["new-1"], extends: "old-1", at: t)
        let version = try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "PRAGMA user_version") }
        #expect(version == Schema.current && Schema.current == 3)
        #expect(try TrackedList(directory: dir).load().records.last?.extends == "old-1")
    }

    @Test func theEngineTracksWithTheParentInStoreAndList() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = TrackedList(directory: dir)
        let engine = Engine(client: NoClient(), list: list, policy: PollPolicy(), scheduler: ManualScheduler())
        try engine.load()
        engine.track(["p"])
        engine.track(["c"], extends: "p")
        #expect(engine.store.snapshot()["c"]?.extends == "p")
        #expect(engine.store.snapshot()["p"]?.extends == nil)
        engine.flush()
        #expect(try TrackedList(directory: dir).load().records.map(\.extends) == [nil, "p"])

        // A dashboard elsewhere learns the link from the list.
        let other = Engine(client: NoClient(), list: TrackedList(directory: dir), policy: PollPolicy(), scheduler: ManualScheduler())
        try other.load()
        #expect(other.store.snapshot()["c"]?.extends == "p")
    }
}

/// A client never asked: these tests do not poll.
private struct NoClient: GenerationsClient {
    func fetch(_ id: String, completion: @escaping @Sendable (Result<Generation, APIError>) -> Void) {
        completion(.failure(.notFound))
    }
}
