import Foundation
import GRDB
import Testing
@testable import LumaKit

func temporaryDirectory(_ name: String = #function) -> URL {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("lumatop-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// The tracked list in SQLite: what it keeps, what a change costs, and the merge rule.
@Suite struct ListDatabaseTests {
    let example = try! GenerationDecoder.decode(Data(Fixtures.example.utf8))
    let t = Date(timeIntervalSince1970: 1_800_000_000.25)

    func answer(_ id: String, _ state: GenerationState, prompt: String = "cat dance") -> Generation {
        Generation(id: id, state: state, prompt: prompt)
    }

    /// The list's version and the bytes of the database and its WAL: what "writes nothing" means.
    func footprint(_ list: TrackedList) throws -> (Int, [Int]) {
        let sizes = ["", "-wal"].map { (try? FileManager.default.attributesOfItem(atPath: list.url.path + $0)[.size] as? Int) ?? -1 }
        return (try list.load().version, sizes)
    }

    @Test func roundTripKeepsAnswersSavedPathsAndTimes() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = TrackedList(directory: dir)
        #expect(try list.track(["a", example.id, "a"], at: t) == ["a", example.id])
        try list.record([.init(id: example.id, answer: example, at: t + 60)], saved: ["a": "/v/a é.mp4"])
        let loaded = try TrackedList(directory: dir).load().records
        #expect(loaded.map(\.id) == ["a", example.id])
        #expect(loaded[1].answer == example)
        #expect(loaded[1].stateChangedAt == t + 60)
        #expect(loaded[0].trackedAt == t && loaded[0].answer == nil && loaded[0].savedPath == "/v/a é.mp4")
        // Owner-only: prompts can be private; WAL mode.
        let mode = try FileManager.default.attributesOfItem(atPath: list.url.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let journal = try DatabaseQueue(path: list.url.path).read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
    }

    @Test func readingWithoutADatabaseCreatesNothing() throws {
        let root = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let list = TrackedList(directory: root.appendingPathComponent("not/yet"))
        #expect(try list.load().records.isEmpty)
        #expect(try list.transitions().isEmpty && list.history().isEmpty)
        #expect(try list.untrack(["x"]).isEmpty)
        #expect(try list.record([.init(id: "x", answer: answer("x", .completed), at: t)]).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("not").path))
    }

    @Test func anEqualAnswerWritesNothing() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = TrackedList(directory: dir)
        try list.track(["a", "b"], at: t)
        try list.record([.init(id: "a", answer: example, at: t), .init(id: "b", answer: answer("b", .processing), at: t)])
        let before = try footprint(list)
        for i in 1...20 {
            // A new decode of the same bytes, later: poll bookkeeping is not kept.
            let again = try GenerationDecoder.decode(Data(Fixtures.example.utf8))
            try list.record([.init(id: "a", answer: again, at: t + Double(i)), .init(id: "b", answer: answer("b", .processing), at: t + Double(i))])
            try list.recordSaved("zzz", path: "/nowhere")
        }
        #expect(try footprint(list) == before)
        // A different answer is one change, one version.
        try list.record([.init(id: "b", answer: answer("b", .processing, prompt: "other"), at: t + 30)])
        #expect(try list.load().version == before.0 + 1)
    }

    @Test func transitionsAreWrittenOnlyWhenTheStateMoves() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = TrackedList(directory: dir)
        try list.track(["a", "b"], at: t)
        let states: [GenerationState] = [.pending, .pending, .processing, .processing, .completed]
        for (i, s) in states.enumerated() {
            try list.record([.init(id: "a", answer: answer("a", s, prompt: "p\(i)"), at: t + Double(i * 10))])
        }
        try list.record([.init(id: "b", answer: answer("b", .failed), at: t + 100)])
        let all = try list.transitions()
        #expect(all.map { "\($0.id):\($0.from?.word ?? "-")>\($0.to.word)" }
            == ["a:->pending", "a:pending>processing", "a:processing>completed", "b:->failed"])
        #expect(all.map(\.at) == [t, t + 20, t + 40, t + 100])
        #expect(try list.transitions(of: ["b"]).count == 1)
        #expect(try list.transitions(since: t + 30).map(\.id) == ["a", "b"])
        #expect(try list.load().records[0].stateChangedAt == t + 40)
        // The history is every transition of the completed ones only.
        #expect(try list.history().map(\.id) == ["a", "a", "a"])
        #expect(try list.history(completions: 0).isEmpty)
    }

    @Test func aFinishedAnswerIsNeverReplacedByAnUnfinishedOne() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = TrackedList(directory: dir)
        try list.track(["a"], at: t)
        try list.record([.init(id: "a", answer: answer("a", .completed), at: t + 10)])
        // A slower process's stale answer.
        try list.record([.init(id: "a", answer: answer("a", .processing), at: t + 20)])
        #expect(try list.load().records[0].answer?.state == .completed)
        // A later finished one replaces it (a refreshed URL, say).
        try list.record([.init(id: "a", answer: answer("a", .completed, prompt: "new"), at: t + 30)])
        #expect(try list.load().records[0].answer?.prompt == "new")
        #expect(try list.transitions().count == 1)
    }

    @Test func answersForUntrackedIDsAreNeverKept() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = TrackedList(directory: dir)
        try list.track(["a", "b"], at: t)
        #expect(try list.untrack(["b", "zzz"]) == ["b"])
        try list.record([.init(id: "b", answer: answer("b", .completed), at: t)], saved: ["b": "/v/b.mp4"])
        #expect(try list.load().records.map(\.id) == ["a"])
        #expect(try list.transitions().isEmpty)
    }

    @Test func changesSinceAVersionAreWhatOthersChanged() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let mine = TrackedList(directory: dir)
        try mine.track(["a", "b"], at: t)
        let version = try mine.load().version
        #expect(mine.changedElsewhere())  // the first look
        try mine.track(["own"], at: t)
        #expect(!mine.changedElsewhere(), "our own change is not another process's")
        let other = TrackedList(directory: dir)
        try other.untrack(["a"])
        try other.track(["c"], at: t)
        try other.record([.init(id: "b", answer: answer("b", .processing), at: t)])
        #expect(mine.changedElsewhere())
        let changes = try mine.changes(since: version)
        #expect(changes.changed.map(\.id) == ["b", "own", "c"])
        #expect(changes.removed == ["a"])
        #expect(changes.changed[0].answer?.state == .processing)
        #expect(try mine.changes(since: changes.version).changed.isEmpty)
        // Tracked again: no longer reported removed.
        try other.track(["a"], at: t)
        #expect(try mine.changes(since: version).removed.isEmpty)
    }

    @Test func concurrentWritersLoseNothing() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            let list = TrackedList(directory: dir)
            for i in 0..<25 {
                do {
                    try list.track(["w\(worker)-\(i)"], at: t)
                    try list.record([.init(id: "w\(worker)-\(i)", answer: answer("w\(worker)-\(i)", .pending), at: t)])
                } catch { Issue.record("\(error)") }
            }
        }
        let loaded = try TrackedList(directory: dir).load().records
        #expect(loaded.count == 200)
        #expect(loaded.allSatisfy { $0.answer?.state == .pending })
        #expect(try TrackedList(directory: dir).transitions().count == 200)
    }

    @Test func aDatabaseFromANewerLumatopIsRefusedAndKept() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try TrackedList(directory: dir).track(["a"], at: t)
        let path = dir.appendingPathComponent(TrackedList.fileName).path
        try DatabaseQueue(path: path).writeWithoutTransaction { try $0.execute(sql: "PRAGMA user_version = 99") }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let list = TrackedList(directory: dir)
        #expect { try list.load() } throws: { ($0 as? LumaKit.PersistenceError)?.description.contains("newer lumatop (schema 99)") == true }
        #expect { try list.track(["b"]) } throws: { $0 is LumaKit.PersistenceError }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}
