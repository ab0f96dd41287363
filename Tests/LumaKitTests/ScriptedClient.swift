import Foundation
@testable import LumaKit

/// An in-process `GenerationsClient` for policy tests: per id a queue of replies (the last one
/// repeats), each given after its delay on a `ManualScheduler`, and a record of every request at
/// the clock's time. The batch query is refused (404) unless `answerBatches` is called; then each
/// id takes its next reply and those that are not answers are left out, as ScriptedService does.
final class ScriptedClient: GenerationsClient, Sendable {
    /// One reply: an answer, an error, or nothing at all (`nil`: a request that hangs).
    struct Reply: Sendable {
        var result: Result<Generation, APIError>?
        var delay: TimeInterval = 0
        func delayed(_ seconds: TimeInterval) -> Reply { Reply(result: result, delay: seconds) }
        static let hung = Reply(result: nil)
        static func error(_ e: APIError) -> Reply { Reply(result: .failure(e)) }
    }

    struct Request: Sendable {
        let ids: [String]
        let at: Date
        let batch: Bool
    }

    let clock: ManualScheduler
    private let queue = DispatchQueue(label: "test.scripted-client")
    private let state = Locked(Script())

    private struct Script {
        var replies: [String: [Reply]] = [:]
        var fallback = Reply.error(.notFound)
        var log: [Request] = []
        var batchRefusal: APIError? = .notFound
        var batchReplies: [Result<[Generation], APIError>] = []
        var inProgress = 0
        var maxConcurrent = 0
    }

    init(clock: ManualScheduler) {
        self.clock = clock
        clock.register(queue)
    }

    func script(_ id: String, _ replies: [Reply]) { state.withLock { $0.replies[id] = replies } }
    func answerBatches() { state.withLock { $0.batchRefusal = nil } }
    /// Whole answers to the batch query in order (the last repeats), whatever it asks.
    func answerBatches(with replies: [Result<[Generation], APIError>]) {
        state.withLock { $0.batchRefusal = nil; $0.batchReplies = replies }
    }
    func refuseBatches(_ error: APIError) { state.withLock { $0.batchRefusal = error } }

    var supportsBatch: Bool { true }

    func fetch(_ id: String, completion: @escaping @Sendable (Result<Generation, APIError>) -> Void) {
        let reply = state.withLock { s -> Reply in
            s.log.append(Request(ids: [id], at: clock.now, batch: false))
            s.inProgress += 1
            s.maxConcurrent = max(s.maxConcurrent, s.inProgress)
            return Self.next(for: id, in: &s)
        }
        answer(after: reply.delay, reply.result, completion)
    }

    func fetchBatch(_ ids: [String], completion: @escaping @Sendable (Result<[Generation], APIError>) -> Void) {
        let result = state.withLock { s -> Result<[Generation], APIError> in
            s.log.append(Request(ids: ids, at: clock.now, batch: true))
            s.inProgress += 1
            s.maxConcurrent = max(s.maxConcurrent, s.inProgress)
            if let refusal = s.batchRefusal { return .failure(refusal) }
            if !s.batchReplies.isEmpty { return s.batchReplies.count > 1 ? s.batchReplies.removeFirst() : s.batchReplies[0] }
            return .success(ids.compactMap { id in try? Self.next(for: id, in: &s).result?.get() })
        }
        answer(after: 0, result, completion)
    }

    private func answer<T: Sendable>(after delay: TimeInterval, _ result: Result<T, APIError>?,
                                     _ completion: @escaping @Sendable (Result<T, APIError>) -> Void) {
        guard let result else { return }
        clock.schedule(at: clock.now + delay, on: queue) { [state] in
            state.withLock { $0.inProgress -= 1 }
            completion(result)
        }
    }

    private static func next(for id: String, in s: inout Script) -> Reply {
        guard var queue = s.replies[id], !queue.isEmpty else { return s.fallback }
        let next = queue.count > 1 ? queue.removeFirst() : queue[0]
        s.replies[id] = queue
        return next
    }

    /// Every request, single GETs and batch queries, in the order they were made.
    var log: [Request] { state.current.log }
    var requests: [Request] { log.filter { !$0.batch } }
    var batches: [Request] { log.filter(\.batch) }
    func requests(for id: String) -> [Request] { requests.filter { $0.ids == [id] } }
    var maxConcurrent: Int { state.current.maxConcurrent }

    /// The most requests made in any window of `seconds` (closed: each starts at a request).
    func mostRequests(within seconds: TimeInterval) -> Int {
        let times = log.map(\.at)
        var most = 0, end = 0
        for start in times.indices {
            while end < times.count, times[end].timeIntervalSince(times[start]) <= seconds { end += 1 }
            most = max(most, end - start)
        }
        return most
    }
}

/// A reply with this state, as `answer(_:_:)` scripts one for the loopback server.
func reply(_ id: String, _ state: GenerationState, prompt: String = "cat dance") -> ScriptedClient.Reply {
    var g = Generation(id: id, state: state, prompt: prompt, aspectRatio: "16:9")
    if state == .completed { g.video = Media(url: "https://cdn.example/\(id).mp4", width: 1360, height: 752) }
    if state == .failed { g.failureReason = "moderation" }
    return ScriptedClient.Reply(result: .success(g))
}

/// A poller over a store and a scripted client, all on one manual clock.
struct PollerRig {
    let clock = ManualScheduler()
    let client: ScriptedClient
    let store: GenerationStore
    let poller: Poller

    init(interval: TimeInterval = 1, maxInFlight: Int = 4, batchLimit: Int = 50, random: Double = 0.5) {
        client = ScriptedClient(clock: clock)
        let clock = clock
        store = GenerationStore(now: { clock.now })
        poller = Poller(client: client, store: store,
                        policy: PollPolicy(interval: interval, maxInFlight: maxInFlight, batchLimit: batchLimit),
                        scheduler: clock, random: { random })
    }

    /// Seconds since the clock started.
    func elapsed(_ date: Date) -> TimeInterval { date.timeIntervalSince(ManualScheduler.start) }
    var elapsed: TimeInterval { elapsed(clock.now) }
}
