import Foundation
import LumaKit

/// Scripted answers for tests: per task id a queue of responses (the last one repeats), and a
/// record of every request with its arrival time. The batch query is refused with a 404 unless
/// `answerBatches` is called; then each id in it takes its next scripted answer, and those that
/// are not a 200 are left out of the array.
public final class ScriptedService: Sendable {
    public struct Record: Sendable {
        public let id: String
        public let at: Date
        public let authorization: String?
        public let userAgent: String?
        public let accept: String?
    }

    /// A create or extend as it arrived: the route, the raw body, the key it carried.
    public struct CreateRecord: Sendable {
        public let path: String
        public let body: String
        public let authorization: String?
        public let at: Date
    }

    public struct BatchRecord: Sendable {
        public let ids: [String]
        public let at: Date
    }

    public let apiKey: String
    private let state = Locked(Script())

    private struct Script {
        var queues: [String: [DemoResponse]] = [:]
        var fallback = DemoResponse.error(404, message: "task not found")
        var records: [Record] = []
        var batches: [BatchRecord] = []
        /// The status refusing the batch query, or nil when it is answered.
        var batchRefusal: Int? = 404
        /// Whole answers to the batch query in order (the last repeats), instead of per-id ones.
        var batchAnswers: [DemoResponse] = []
        var inProgress = 0
        var maxConcurrent = 0
        var creates: [CreateRecord] = []
        /// Answers to creates and extends in order (the last repeats); none: a new id each time.
        var createAnswers: [DemoResponse] = []
    }

    public init(apiKey: String = "test-key") { self.apiKey = apiKey }

    /// Answers for one id, in order; the last one repeats.
    public func script(_ id: String, _ responses: [DemoResponse]) {
        state.withLock { $0.queues[id] = responses }
    }

    /// The answer for ids with no script (default: 404).
    public func setDefault(_ response: DemoResponse) {
        state.withLock { $0.fallback = response }
    }

    /// Answers the batch query (default: refused with 404).
    public func answerBatches() { state.withLock { $0.batchRefusal = nil } }

    /// Answers the batch query with these responses in order (the last repeats), whatever it asks:
    /// a 429 for the whole query, say.
    public func answerBatches(with responses: [DemoResponse]) {
        state.withLock { $0.batchRefusal = nil; $0.batchAnswers = responses }
    }

    /// Refuses the batch query with this status (404 or 405 in the tests).
    public func refuseBatches(_ status: Int) { state.withLock { $0.batchRefusal = status } }

    public func handle(_ request: DemoRequest) -> DemoResponse {
        var response = state.withLock { s -> DemoResponse in
            s.inProgress += 1
            s.maxConcurrent = max(s.maxConcurrent, s.inProgress)
            if request.isBatch {
                s.batches.append(BatchRecord(ids: request.batchIDs ?? [], at: Date()))
                if let status = s.batchRefusal { return .error(status, message: "no such route") }
                guard request.bearerToken == apiKey else { return .error(401, message: "invalid API key") }
                if !s.batchAnswers.isEmpty {
                    return s.batchAnswers.count > 1 ? s.batchAnswers.removeFirst() : s.batchAnswers[0]
                }
                guard let ids = request.batchIDs else { return .error(400, message: "bad body") }
                return .batch(ids.map { Self.next(for: $0, in: &s) }.filter { $0.status == 200 }.map(\.body))
            }
            if request.createKind != nil { return Self.created(request, in: &s, apiKey: apiKey) }
            guard let id = request.generationID else { return DemoResponse.error(404, message: "no such route") }
            s.records.append(Record(id: id, at: Date(), authorization: request.header("Authorization"),
                                    userAgent: request.header("User-Agent"), accept: request.header("Accept")))
            guard request.bearerToken == apiKey else { return .error(401, message: "invalid API key") }
            return Self.next(for: id, in: &s)
        }
        // The server calls this once the answer is sent (or its connection closes unanswered).
        let scripted = response.onFinished
        response.onFinished = { [state] in
            state.withLock { $0.inProgress -= 1 }
            scripted?()
        }
        return response
    }

    /// Answers creates and extends with these, in order (the last repeats). Without: each gets a
    /// pending generation `new-1`, `new-2`, …
    public func scriptCreates(_ responses: [DemoResponse]) { state.withLock { $0.createAnswers = responses } }

    /// Every create and extend that arrived, in order.
    public var creates: [CreateRecord] { state.withLock { $0.creates } }

    private static func created(_ request: DemoRequest, in s: inout Script, apiKey: String) -> DemoResponse {
        s.creates.append(CreateRecord(path: request.path, body: String(decoding: request.body, as: UTF8.self),
                                      authorization: request.header("Authorization"), at: Date()))
        guard request.bearerToken == apiKey else { return .error(401, message: "invalid API key") }
        if !s.createAnswers.isEmpty { return s.createAnswers.count > 1 ? s.createAnswers.removeFirst() : s.createAnswers[0] }
        let prompt = JSONValue.parse(request.body).flatMap { $0["prompt"] ?? $0["user_prompt"] } ?? .null
        let answer = JSONValue.object([("id", .string("new-\(s.creates.count)")), ("prompt", prompt),
                                       ("state", .string("pending")), ("created_at", .string("2024-12-22T13:38:40.139Z"))])
        return .json(201, Data(answer.text.utf8))
    }

    private static func next(for id: String, in s: inout Script) -> DemoResponse {
        guard var queue = s.queues[id], !queue.isEmpty else { return s.fallback }
        let next = queue.count > 1 ? queue.removeFirst() : queue[0]
        s.queues[id] = queue
        return next
    }

    /// Single GETs only; batch queries are in `batches`.
    public var requests: [Record] { state.withLock { $0.records } }
    public var batches: [BatchRecord] { state.withLock { $0.batches } }
    public func requests(for id: String) -> [Record] { requests.filter { $0.id == id } }
    /// When every request arrived, single GETs and batch queries alike, earliest first.
    public var arrivals: [Date] { state.withLock { ($0.records.map(\.at) + $0.batches.map(\.at)).sorted() } }

    /// The most requests that arrived in any window of `seconds` (closed: each starts at an arrival).
    public func mostRequests(within seconds: TimeInterval) -> Int {
        let times = arrivals
        var most = 0, end = 0
        for start in times.indices {
            while end < times.count, times[end].timeIntervalSince(times[start]) <= seconds { end += 1 }
            most = max(most, end - start)
        }
        return most
    }
    /// The most requests in progress at once: from arrival until the answer is written or the
    /// connection closes unanswered (delays and hangs included).
    public var maxConcurrent: Int { state.withLock { $0.maxConcurrent } }
    /// Requests arrived and not yet finished (as for `maxConcurrent`).
    public var inProgress: Int { state.withLock { $0.inProgress } }

    /// A started server answering from this script.
    public func serve() throws -> DemoServer {
        let server = DemoServer(handler: { [self] in handle($0) })
        try server.start()
        return server
    }
}
