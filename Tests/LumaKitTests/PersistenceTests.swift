import Foundation
import Testing
@testable import LumaKit

func temporaryDirectory(_ name: String = #function) -> URL {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("lumatop-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

@Suite struct PersistenceTests {
    @Test func roundTripKeepsAnswersAndHistory() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = TrackedFile(directory: dir)
        let example = try GenerationDecoder.decode(Data(Fixtures.example.utf8))
        let t = Date(timeIntervalSince1970: 1_800_000_000.25)
        try file.update { records in
            records.addMissing(["a", example.id, "a"], at: t)
            records[1].answer = example
            records[1].stateChangedAt = t + 60
        }
        let loaded = try TrackedFile(directory: dir).load()
        #expect(loaded.notice == nil)
        #expect(loaded.records.map(\.id) == ["a", example.id])
        #expect(loaded.records[1].answer == example)
        #expect(loaded.records[1].stateChangedAt == t + 60)
        #expect(loaded.records[0].trackedAt == t)
        // Owner-only: prompts can be private.
        let mode = try FileManager.default.attributesOfItem(atPath: file.url.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // No temporary file is left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(names.sorted() == ["tracked.json", "tracked.json.lock"])
    }

    @Test func missingFileIsAnEmptyList() throws {
        let root = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let dir = root.appendingPathComponent("deeper/still")
        let loaded = try TrackedFile(directory: dir).load()
        #expect(loaded.records.isEmpty && loaded.notice == nil)
    }

    @Test(arguments: ["{not json", #"{"version": 1, "generations": [{"id": 5}]}"#, "", "\u{0}\u{1}garbage"])
    func corruptFileIsMovedAsideNotOverwritten(content: String) throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = TrackedFile(directory: dir)
        try Data(content.utf8).write(to: file.url)
        let loaded = try file.update { $0.addMissing(["fresh"], at: Date()) }
        let notice = try #require(loaded.notice)
        #expect(notice.contains("moved it to"))
        let aside = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("tracked.json.corrupt-") }
        #expect(aside.count == 1)
        #expect(try Data(contentsOf: dir.appendingPathComponent(aside[0])) == Data(content.utf8))
        #expect(try file.load().records.map(\.id) == ["fresh"])
    }

    @Test func newerVersionIsRefusedAndKept() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = TrackedFile(directory: dir)
        let text = #"{"version": 9, "generations": []}"#
        try Data(text.utf8).write(to: file.url)
        #expect(throws: PersistenceError.self) { try file.update { $0.addMissing(["x"], at: Date()) } }
        #expect(try String(contentsOf: file.url, encoding: .utf8) == text)
    }

    @Test func concurrentWritersLoseNothing() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Separate TrackedFile values open the lock file separately, as two processes would.
        DispatchQueue.concurrentPerform(iterations: 40) { i in
            try! TrackedFile(directory: dir).update { $0.addMissing(["id\(i)"], at: Date()) }
        }
        let ids = Set(try TrackedFile(directory: dir).load().records.map(\.id))
        #expect(ids == Set((0..<40).map { "id\($0)" }))
    }

    @Test func saverCoalescesAndNeverResurrectsUntrackedIDs() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = TrackedFile(directory: dir)
        let engine = Engine(client: NeverClient(), file: file, policy: PollPolicy())
        try engine.track(["a", "b"])
        // Another process untracks b.
        try TrackedFile(directory: dir).update { $0.removeAll { $0.id == "b" } }
        for state in [GenerationState.pending, .processing, .completed] {
            engine.store.apply("a", .success(Generation(id: "a", state: state)), at: Date(), nextPollAt: nil)
            engine.store.apply("b", .success(Generation(id: "b", state: state)), at: Date(), nextPollAt: nil)
        }
        engine.stop()
        let records = try file.load().records
        #expect(records.map(\.id) == ["a"])
        #expect(records[0].answer?.state == .completed)
    }

    @Test func syncFromFileFollowsOtherProcesses() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let engine = Engine(client: NeverClient(), file: TrackedFile(directory: dir), policy: PollPolicy())
        try engine.track(["a", "b"])
        try TrackedFile(directory: dir).update { records in
            records.removeAll { $0.id == "a" }
            records.addMissing(["c"], at: Date())
        }
        try engine.syncFromFile()
        #expect(engine.store.ids == ["b", "c"])
    }

    @Test func finishedAnswersLoadWithoutBeingFetched() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = TrackedFile(directory: dir)
        let example = try GenerationDecoder.decode(Data(Fixtures.example.utf8))
        try file.update { $0.append(TrackedRecord(id: example.id, trackedAt: Date(), answer: example)) }
        let client = CountingClient()
        let engine = Engine(client: client, file: file, policy: PollPolicy(interval: 1))
        try engine.load()
        engine.start()
        #expect(engine.store.snapshot()[example.id]?.state == .completed)
        Thread.sleep(forTimeInterval: 0.3)
        engine.stop()
        #expect(client.calls.current == 0)
    }
}

/// A client that never answers, for tests that drive the store by hand.
struct NeverClient: GenerationsClient {
    func fetch(_ id: String, completion: @escaping @Sendable (Result<Generation, APIError>) -> Void) {}
}

final class CountingClient: GenerationsClient, @unchecked Sendable {
    let calls = Locked(0)
    func fetch(_ id: String, completion: @escaping @Sendable (Result<Generation, APIError>) -> Void) {
        calls.withLock { $0 += 1 }
        completion(.failure(.notFound))
    }
}

@Suite struct OwnWriteTests {
    @Test func ownWritesAreRecognisedAndOthersAreNot() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let mine = TrackedFile(directory: dir)
        #expect(!mine.isOwnLastWrite())
        try mine.update { $0.addMissing(["a"], at: Date()) }
        #expect(mine.isOwnLastWrite())
        try TrackedFile(directory: dir).update { $0.addMissing(["b"], at: Date()) }
        #expect(!mine.isOwnLastWrite(), "another writer's version must be read")
    }

    @Test func syncSkipsOnlyOurOwnVersion() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let engine = Engine(client: NeverClient(), file: TrackedFile(directory: dir), policy: PollPolicy())
        try engine.track(["a"])
        try engine.syncFromFile()
        #expect(engine.store.ids == ["a"])
        try TrackedFile(directory: dir).update { $0.addMissing(["b"], at: Date()) }
        try engine.syncFromFile()
        #expect(engine.store.ids == ["a", "b"])
    }
}

@Suite struct SavedPathTests {
    @Test func theSavedPathPersistsWithItsGeneration() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = TrackedFile(directory: dir)
        let engine = Engine(client: NeverClient(), file: file, policy: PollPolicy())
        try engine.track(["a", "b"])
        engine.store.recordSaved("a", path: "/videos/a-cat-dance.mp4")
        engine.stop()
        let text = try String(contentsOf: file.url, encoding: .utf8)
        #expect(text.contains(#""saved_path""#))
        let records = try file.load().records
        #expect(records.first { $0.id == "a" }?.savedPath == "/videos/a-cat-dance.mp4")
        #expect(records.first { $0.id == "b" }?.savedPath == nil)

        // A new engine (the next run) shows it again.
        let next = Engine(client: NeverClient(), file: file, policy: PollPolicy())
        try next.load()
        #expect(next.store.snapshot()["a"]?.savedPath == "/videos/a-cat-dance.mp4")
    }

    @Test func aPathSavedFromAnotherShellIsKeptAndPickedUp() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = TrackedFile(directory: dir)
        let engine = Engine(client: NeverClient(), file: file, policy: PollPolicy())
        try engine.track(["a"])
        // `lumatop download` in another shell records its path...
        try TrackedFile(directory: dir).update { $0[0].savedPath = "/elsewhere/a.mp4" }
        // ...and an answer is saved by a process that did not know: the path must survive it.
        let late = GenerationStore()
        late.insert([TrackedGeneration(id: "a", firstSeen: Date())])
        let lateSaver = StateSaver(file: TrackedFile(directory: dir), store: late, delay: 0)
        late.apply("a", .success(Generation(id: "a", state: .completed)), at: Date(), nextPollAt: nil)
        lateSaver.flush()
        let record = try file.load().records[0]
        #expect(record.answer?.state == .completed)
        #expect(record.savedPath == "/elsewhere/a.mp4")
        // The dashboard picks the path up when the file changes.
        try engine.syncFromFile()
        #expect(engine.store.snapshot()["a"]?.savedPath == "/elsewhere/a.mp4")
    }
}
