import Foundation

extension GenerationsClient {
    /// Asks for each id once, for one-shot commands, by the poller's rules: the batch query where
    /// the service takes it (up to `policy.batchLimit` ids a request; a refusal turns it off and
    /// ids left out of an answer are asked alone), at most `policy.maxInFlight` requests at a
    /// time, and a 429 holds every request (`RateLimitHold`). A hold up to `longestWait` is waited
    /// out on `scheduler` and what it stopped is asked once more; while a longer one lasts, ids
    /// not asked yet get that 429 without a request. Blocks; results in the order of `ids`.
    public func fetchOnce(_ ids: [String], policy: PollPolicy, scheduler: any Scheduler = DispatchScheduler(),
                          longestWait: TimeInterval = PollPolicy.longestOneShotWait) -> [Result<Generation, APIError>] {
        let done = DispatchSemaphore(value: 0)
        let results = Locked([Result<Generation, APIError>]())
        fetchOnce(ids, policy: policy, scheduler: scheduler, longestWait: longestWait) { r in
            results.withLock { $0 = r }
            done.signal()
        }
        done.wait()
        return results.current
    }

    /// As `fetchOnce(_:policy:scheduler:longestWait:)`, calling `completion` once every id has
    /// its result (for tests that move the clock meanwhile).
    public func fetchOnce(_ ids: [String], policy: PollPolicy, scheduler: any Scheduler = DispatchScheduler(),
                          longestWait: TimeInterval = PollPolicy.longestOneShotWait,
                          completion: @escaping @Sendable ([Result<Generation, APIError>]) -> Void) {
        OneShotFetch(ids, client: self, policy: policy, scheduler: scheduler, longestWait: longestWait,
                     completion: completion).start()
    }
}

/// One run of `fetchOnce`, on its own serial queue.
final class OneShotFetch: @unchecked Sendable {
    private let ids: [String]
    private let client: any GenerationsClient
    private let policy: PollPolicy
    private let scheduler: any Scheduler
    private let longestWait: TimeInterval
    private let completion: @Sendable ([Result<Generation, APIError>]) -> Void
    private let queue = DispatchQueue(label: "lumatop.fetch-once")

    // Touched on `queue` only.
    /// Positions in `ids` still to ask, in order.
    private var waiting: [Int]
    private var results: [Result<Generation, APIError>?]
    /// 429s each position has had: the second one is its result.
    private var limited: [Int: Int] = [:]
    private var hold = RateLimitHold()
    private var lastLimit: APIError?
    private var inFlight = 0
    private var batchRefused = false
    /// Positions a batch answer left out: asked alone, so a 404 shows.
    private var singleOnly = Set<Int>()
    private var holdTimer: (any Cancellable)?

    init(_ ids: [String], client: any GenerationsClient, policy: PollPolicy, scheduler: any Scheduler,
         longestWait: TimeInterval, completion: @escaping @Sendable ([Result<Generation, APIError>]) -> Void) {
        self.ids = ids
        self.client = client
        self.policy = policy
        self.scheduler = scheduler
        self.longestWait = longestWait
        self.completion = completion
        waiting = Array(ids.indices)
        results = Array(repeating: nil, count: ids.count)
        scheduler.register(queue)
    }

    func start() { scheduler.hop(to: queue) { self.pump() } }

    /// Sends what may go now; ends the run once every id has its result.
    private func pump() {
        let t = scheduler.now
        if let until = hold.until, hold.holds(at: t) {
            if until.timeIntervalSince(t) > longestWait, let lastLimit {
                for i in waiting { results[i] = .failure(lastLimit) }
                waiting = []
            } else if holdTimer == nil {
                holdTimer = scheduler.schedule(at: until, on: queue) { self.holdTimer = nil; self.pump() }
            }
        } else {
            send()
        }
        if waiting.isEmpty, inFlight == 0, holdTimer == nil {
            completion(results.map { $0! })
        }
    }

    private func send() {
        let batching = client.supportsBatch && !batchRefused && policy.batchLimit > 1
        while inFlight < policy.maxInFlight, !waiting.isEmpty {
            ask(NextRequest.take(from: &waiting, batching: batching, limit: policy.batchLimit) { i in
                singleOnly.contains(i) || !TaskID.isValid(ids[i])
            })
        }
    }

    /// One request: a plain GET for one id, the batch query for more.
    private func ask(_ batch: [Int]) {
        inFlight += 1
        let sentAt = scheduler.now
        if batch.count == 1 {
            client.fetch(ids[batch[0]]) { result in
                self.scheduler.hop(to: self.queue) { self.answered(batch, result.map { [$0] }, sentAt: sentAt) }
            }
        } else {
            client.fetchBatch(batch.map { ids[$0] }) { result in
                self.scheduler.hop(to: self.queue) { self.answered(batch, result, sentAt: sentAt) }
            }
        }
    }

    private func answered(_ batch: [Int], _ result: Result<[Generation], APIError>, sentAt: Date) {
        inFlight -= 1
        switch result {
        case .success(let answers) where batch.count == 1:
            hold.succeeded()
            results[batch[0]] = .success(answers[0])
        case .success(let answers):
            hold.succeeded()
            var byID: [String: Generation] = [:]
            for g in answers where byID[g.id] == nil { byID[g.id] = g }
            for i in batch {
                if let g = byID[ids[i]] { results[i] = .success(g) } else { singleOnly.insert(i); askAgain(i) }
            }
        case .failure(let error) where batch.count > 1 && error.refusesBatchQuery:
            batchRefused = true
            batch.forEach(askAgain)
        case .failure(.rateLimited(let after)):
            hold.limited(retryAfter: after, sentAt: sentAt, at: scheduler.now, policy: policy)
            lastLimit = .rateLimited(retryAfter: after)
            for i in batch {
                limited[i, default: 0] += 1
                if limited[i] == 1 { askAgain(i) } else { results[i] = .failure(.rateLimited(retryAfter: after)) }
            }
        case .failure(let error):
            for i in batch { results[i] = .failure(error) }
        }
        pump()
    }

    /// Back in line, in its place among the ids.
    private func askAgain(_ i: Int) {
        waiting.insert(i, at: waiting.firstIndex { $0 > i } ?? waiting.count)
    }
}

extension APIError {
    /// An answer to the batch query saying the service has none (or not one we understand): ask
    /// one by one from then on.
    var refusesBatchQuery: Bool {
        switch self {
        case .notFound, .unexpectedStatus(405), .decoding: true
        default: false
        }
    }
}
