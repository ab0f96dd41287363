import Foundation
import Testing
@testable import LumaKit

/// The engine and the tracked list: answers kept per change, one transaction a round, other
/// processes' changes followed.
@Suite struct EngineListTests {
    let t = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aRoundOfAnswersIsOneTransactionAndRepeatsWriteNothing() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = TrackedList(directory: dir)
        let engine = Engine(client: NeverClient(), list: list, policy: PollPolicy())
        let ids = (0..<10).map { "id-\($0)" }
        engine.track(ids)
        engine.flush()
        let tracked = try list.load().version
        for id in ids { engine.store.apply(id, .success(Generation(id: id, state: .processing)), at: t, nextPollAt: t + 5) }
        engine.stop()
        #expect(try list.load().version == tracked + 1, "ten answers, one transaction")
        // The same answers again, as every poll of a job in progress brings: nothing written.
        for round in 1...5 {
            for id in ids {
                engine.store.apply(id, .success(Generation(id: id, state: .processing)), at: t + Double(round), nextPollAt: nil)
            }
        }
        engine.stop()
        #expect(try list.load().version == tracked + 1)
        #expect(try list.transitions().count == 10)
    }

    @Test func aLateAnswerNeverBringsBackAnIDUntrackedElsewhere() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = TrackedList(directory: dir)
        let engine = Engine(client: NeverClient(), list: list, policy: PollPolicy())
        engine.track(["a", "b"])
        engine.flush()
        try TrackedList(directory: dir).untrack(["b"])
        for state in [GenerationState.pending, .processing, .completed] {
            engine.store.apply("a", .success(Generation(id: "a", state: state)), at: t, nextPollAt: nil)
            engine.store.apply("b", .success(Generation(id: "b", state: state)), at: t, nextPollAt: nil)
        }
        engine.stop()
        let records = try list.load().records
        #expect(records.map(\.id) == ["a"])
        #expect(records[0].answer?.state == .completed)
    }

    @Test func syncFollowsOtherProcesses() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let engine = Engine(client: NeverClient(), list: TrackedList(directory: dir), policy: PollPolicy())
        try engine.load()
        engine.track(["a", "b"])
        engine.flush()
        try engine.syncFromList()
        #expect(engine.store.ids == ["a", "b"])
        let other = TrackedList(directory: dir)
        try other.untrack(["a"])
        try other.track(["c"])
        try other.record([.init(id: "c", answer: Generation(id: "c", state: .completed, prompt: "from elsewhere"), at: t)],
                         saved: ["b": "/elsewhere/b.mp4"])
        try engine.syncFromList()
        #expect(engine.store.ids == ["b", "c"])
        #expect(engine.store.snapshot()["c"]?.generation?.prompt == "from elsewhere")
        #expect(engine.store.snapshot()["b"]?.savedPath == "/elsewhere/b.mp4")
    }

    @Test func finishedAnswersLoadWithoutBeingFetched() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let example = try GenerationDecoder.decode(Data(Fixtures.example.utf8))
        try TrackedList(directory: dir).insert([TrackedRecord(id: example.id, trackedAt: t, answer: example)])
        let client = CountingClient()
        let clock = ManualScheduler()
        let engine = Engine(client: client, list: TrackedList(directory: dir), policy: PollPolicy(interval: 1), scheduler: clock)
        try engine.load()
        engine.start()
        #expect(engine.store.snapshot()[example.id]?.state == .completed)
        clock.advance(by: 60)
        engine.stop()
        #expect(client.calls.current == 0)
    }

    @Test func theSavedPathIsKeptAndAPathSavedElsewhereSurvives() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = TrackedList(directory: dir)
        let engine = Engine(client: NeverClient(), list: list, policy: PollPolicy())
        engine.track(["a", "b"])
        engine.store.recordSaved("a", path: "/videos/a-cat-dance.mp4")
        engine.stop()
        #expect(try list.load().records.map(\.savedPath) == ["/videos/a-cat-dance.mp4", nil])
        // `lumatop download` in another shell saves b; an answer this engine keeps later must not drop it.
        try TrackedList(directory: dir).recordSaved("b", path: "/elsewhere/b.mp4")
        engine.store.apply("b", .success(Generation(id: "b", state: .completed)), at: t, nextPollAt: nil)
        engine.stop()
        let b = try #require(try list.load().records.last)
        #expect(b.answer?.state == .completed && b.savedPath == "/elsewhere/b.mp4")
        // The next run shows both.
        let next = Engine(client: NeverClient(), list: TrackedList(directory: dir), policy: PollPolicy())
        try next.load()
        #expect(next.store.snapshot().generations.map(\.savedPath) == ["/videos/a-cat-dance.mp4", "/elsewhere/b.mp4"])
    }

    @Test func estimatesAreLoadedAndFollowCompletions() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = TrackedList(directory: dir)
        try list.track(["old"], at: t)
        try list.record([.init(id: "old", answer: Generation(id: "old", state: .processing), at: t)])
        try list.record([.init(id: "old", answer: Generation(id: "old", state: .completed), at: t + 60)])
        let engine = Engine(client: NeverClient(), list: list, policy: PollPolicy())
        try engine.load()
        #expect(engine.store.snapshot().estimates == Estimates(history: try list.history()))
        engine.track(["new"])
        engine.store.apply("new", .success(Generation(id: "new", state: .processing)), at: t + 100, nextPollAt: nil)
        engine.stop()
        engine.store.apply("new", .success(Generation(id: "new", state: .completed)), at: t + 130, nextPollAt: nil)
        engine.stop()
        #expect(try list.history().map(\.id).filter { $0 == "new" }.count == 2)
        #expect(engine.store.snapshot().estimates == Estimates(history: try list.history()))
    }

    @Test func loadingGivenIDsPutsOnlyThoseInTheStore() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = TrackedList(directory: dir)
        try list.track(["a", "b", "c"], at: t)
        try list.record([.init(id: "b", answer: Generation(id: "b", state: .completed, prompt: "kept"), at: t)])
        let engine = Engine(client: NeverClient(), list: TrackedList(directory: dir), policy: PollPolicy())
        try engine.load(ids: ["b", "new"])
        #expect(engine.store.ids == ["b", "new"], "only the ids asked, in their order")
        #expect(engine.store.snapshot()["b"]?.generation?.prompt == "kept", "with what the list knows")
        #expect(engine.store.snapshot()["new"]?.generation == nil)
        engine.stop()
        #expect(try list.load().records.map(\.id) == ["a", "b", "c"], "an id not tracked is not added")
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
