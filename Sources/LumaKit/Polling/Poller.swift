import Foundation

/// Polls every active generation of a store on its own serial queue. One timer, armed for the
/// earliest due poll and not at all when nothing is due: idle means asleep. Where the service
/// takes the batch query, due generations go up to `batchLimit` to a request; the first 404 or 405
/// (or an answer that is not an array) turns that off for the rest of the run. Whatever the
/// answers, no more than `PollPolicy.requestBudget` requests go out in any window.
public final class Poller: @unchecked Sendable {
    public let policy: PollPolicy
    private let client: any GenerationsClient
    private let store: GenerationStore
    private let queue = DispatchQueue(label: "lumatop.poller")
    private let scheduler: any Scheduler
    private let random: @Sendable () -> Double

    // Everything below is touched on `queue` only.
    private var running = false
    private var inFlight = Set<String>()
    private var requestsInFlight = 0
    /// Set once the service refused the batch query.
    private var batchRefused = false
    /// Ids a batch answer left out: asked on their own from then on, so a 404 still shows.
    private var singleOnly = Set<String>()
    private var failures: [String: Int] = [:]
    private var rateLimit = RateLimitHold()
    private var budget = RequestBudget()
    private var paused = false
    private var timer: (any Cancellable)?
    private var timerDue: Date?
    private var subscription: Subscription?
    /// Updates the poller published itself and has not heard back yet: `finish` plans those ids
    /// again, so their events need not.
    private var ownUpdates: [String: Int] = [:]
    /// Every id not in flight with a poll planned: what a tick looks at instead of the whole store.
    private var schedule = DueSchedule()

    public init(client: any GenerationsClient, store: GenerationStore, policy: PollPolicy = PollPolicy(),
                scheduler: any Scheduler = DispatchScheduler(),
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.client = client
        self.store = store
        self.policy = policy
        self.scheduler = scheduler
        self.random = random
        scheduler.register(queue)
    }

    public func start() {
        queue.sync {
            guard !running else { return }
            running = true
            ownUpdates = [:]
            subscription = store.events.subscribe(on: queue) { @Sendable [weak self] event in self?.notice(event) }
            schedule = DueSchedule()
            for g in store.snapshot().generations where !inFlight.contains(g.id) { schedule.set(g.id, due: DueSchedule.plan(g)) }
            tick()
        }
    }

    /// Stops polling. Answers still in flight are dropped when they arrive.
    public func stop() {
        queue.sync {
            running = false
            subscription?.cancel()
            subscription = nil
            timer?.cancel()
            timer = nil
            timerDue = nil
        }
    }

    /// Ends an auth pause (the user fixed the key, or wants to try again).
    public func resume() {
        queue.async { [self] in
            guard paused else { return }
            paused = false
            store.updateStatus { $0.authFailure = nil }
            tick()
        }
    }

    public var isPaused: Bool { queue.sync { paused } }
    // MARK: the loop

    private func tick() {
        guard running, !paused else { return }
        let t = scheduler.now
        if let until = rateLimit.until {
            if rateLimit.holds(at: t) { return arm(at: until) }
            store.updateStatus { $0.rateLimitedUntil = nil; $0.rateLimitAskedFor = nil }
        }
        var due: [(id: String, at: Date, order: Int)] = []
        var soon: [(id: String, at: Date, order: Int)] = []
        let batching = client.supportsBatch && !batchRefused && policy.batchLimit > 1
        // With the batch query, ids due within half an interval ride along with those due now: ids
        // tracked at different moments fall into step instead of a request each.
        let rideAlong = batching ? t + policy.interval / 2 : t
        let snapshot = store.snapshot()
        // Only what the schedule says is due by then; each is checked against the store, which has
        // the last word. The rest are later, and only the earliest of them matters.
        let taken = schedule.take(through: rideAlong)
        var earliest = schedule.earliest()
        var kept: [(id: String, due: Date?)] = []
        for entry in taken {
            guard let g = snapshot[entry.id] else { schedule.forget(entry.id); continue }
            kept.append((entry.id, DueSchedule.plan(g)))
            guard let at = DueSchedule.dueTime(g, now: t) else { continue }
            if at <= t {
                due.append((entry.id, at, entry.order))
            } else {
                if at <= rideAlong, !singleOnly.contains(entry.id) { soon.append((entry.id, at, entry.order)) }
                earliest = min(earliest ?? at, at)
            }
        }
        // Longest-waiting first, so a small in-flight cap is still fair; ties in tracked order.
        due.sort { ($0.at, $0.order) < ($1.at, $1.order) }
        if !due.isEmpty { due += soon.sorted { ($0.at, $0.order) < ($1.at, $1.order) } }
        let limit = policy.requestBudget(ids: snapshot.generations.count, batching: batching)
        if !send(due.map(\.id), batching: batching, limit: limit, at: t), let frees = budget.freesAt(limit: limit) {
            // Out of budget with ids still due: wake when a request leaves the window.
            earliest = min(earliest ?? frees, frees)
        }
        // What went out is planned again when its answer comes.
        for k in kept where !inFlight.contains(k.id) { schedule.set(k.id, due: k.due) }
        if let earliest { arm(at: earliest) } else { disarm() }
    }

    /// Sends due ids, oldest first, as batches where the service takes them, within the in-flight
    /// cap and the budget. Returns false when the budget left some due ids unsent.
    private func send(_ due: [String], batching: Bool, limit: Int, at t: Date) -> Bool {
        var waiting = due
        while requestsInFlight < policy.maxInFlight, !waiting.isEmpty {
            guard budget.room(limit: limit, at: t) > 0 else { return false }
            let ids = NextRequest.take(from: &waiting, batching: batching, limit: policy.batchLimit) { id in
                singleOnly.contains(id) || !TaskID.isValid(id)
            }
            if ids.count == 1 { send(ids[0]) } else { sendBatch(ids) }
        }
        return true
    }

    private func send(_ id: String) {
        let sentAt = sending([id])
        client.fetch(id) { @Sendable [weak self] result in
            guard let self else { return }
            self.scheduler.hop(to: self.queue) { self.finish(id, result, sentAt: sentAt) }
        }
    }

    private func sendBatch(_ ids: [String]) {
        let sentAt = sending(ids)
        client.fetchBatch(ids) { @Sendable [weak self] result in
            guard let self else { return }
            self.scheduler.hop(to: self.queue) { self.finishBatch(ids, result, sentAt: sentAt) }
        }
    }

    /// Books one request for `ids`; returns when it went.
    private func sending(_ ids: [String]) -> Date {
        let t = scheduler.now
        inFlight.formUnion(ids)
        requestsInFlight += 1
        budget.record(t)
        return t
    }

    private func finish(_ id: String, _ result: Result<Generation, APIError>, sentAt: Date) {
        inFlight.remove(id)
        requestsInFlight -= 1
        guard running else { return }
        applyOwn([record(id, result, sentAt: sentAt, at: scheduler.now)])
        replan([id])
        tick()
    }

    /// The policy's reading of one poll: what the store is to record of it.
    private func record(_ id: String, _ result: Result<Generation, APIError>, sentAt: Date, at t: Date) -> GenerationStore.Polled {
        var next: Date?
        switch result {
        case .success(let answer):
            failures[id] = nil
            rateLimit.succeeded()
            next = policy.next(after: answer, now: t)
        case .failure(let error):
            next = react(to: error, id: id, sentAt: sentAt, now: t)
        }
        store.updateStatus { $0.noteConnection(result, retryAt: next) }
        return GenerationStore.Polled(id: id, result: result, at: t, nextPollAt: next)
    }

    private func finishBatch(_ ids: [String], _ result: Result<[Generation], APIError>, sentAt: Date) {
        inFlight.subtract(ids)
        requestsInFlight -= 1
        guard running else { return }
        let t = scheduler.now
        switch result {
        case .success(let answers):
            var byID: [String: Generation] = [:]
            for g in answers where byID[g.id] == nil { byID[g.id] = g }
            var round: [GenerationStore.Polled] = []
            for id in ids {
                // Left out: still due, so the tick below asks it on its own.
                guard let g = byID[id] else { singleOnly.insert(id); continue }
                round.append(record(id, .success(g), sentAt: sentAt, at: t))
            }
            applyOwn(round)
        case .failure(let error) where error.refusesBatchQuery:
            // Still due: asked one by one below.
            batchRefused = true
        case .failure(let error):
            applyOwn(ids.map { record($0, .failure(error), sentAt: sentAt, at: t) })
        }
        replan(ids)
        tick()
    }

    /// The policy for one failed poll: returns when to ask for this id again.
    private func react(to error: APIError, id: String, sentAt: Date, now t: Date) -> Date? {
        switch error {
        case .unauthorized:
            // Every request would fail the same way: stop all until the user resumes.
            paused = true
            store.updateStatus { $0.authFailure = error }
            return t
        case .notFound:
            return t + policy.notFoundRetry
        case .rateLimited(let after):
            let until = rateLimit.limited(retryAfter: after, sentAt: sentAt, at: t, policy: policy)
            let asked = rateLimit.cutFrom
            store.updateStatus { $0.rateLimitedUntil = until; $0.rateLimitAskedFor = asked }
            return until
        case .invalidID:
            return nil
        case .server, .unexpectedStatus, .transport, .decoding, .tooLarge, .refused, .notLumaAnswer:
            let n = (failures[id] ?? 0) + 1
            failures[id] = n
            return t + policy.backoff(failures: n, unit: random())
        }
    }

    // MARK: keeping the schedule

    /// Records the poller's own answers, counting the updates it will hear back.
    private func applyOwn(_ round: [GenerationStore.Polled]) {
        for id in store.apply(round) { ownUpdates[id, default: 0] += 1 }
    }

    /// A store event, on the poller's queue: what it names is planned again from the store, with a
    /// tick when it can make something due sooner than the timer. The poller's own answers are
    /// skipped: `finish` and `finishBatch` planned them. (Skipping another's update of the same id
    /// instead is harmless: it was made before the poller's, so the plan saw it.)
    private func notice(_ event: StoreEvent) {
        guard running else { return }
        let ids: [String]
        let tickAfter: Bool
        switch event {
        case .tracked(let named), .refreshRequested(let named): (ids, tickAfter) = (named, true)
        case .untracked(let named): (ids, tickAfter) = (named, false)
        case .updated(let id, _, _):
            if let n = ownUpdates[id] {
                ownUpdates[id] = n > 1 ? n - 1 : nil
                return
            }
            (ids, tickAfter) = ([id], false)
        case .status, .estimates: return
        }
        let sooner = replan(ids)
        if tickAfter || sooner.map({ d in timerDue.map { d < $0 } ?? true }) == true { tick() }
    }

    /// Plans these ids again from the store (not those in flight: their answer will); returns the
    /// earliest plan made.
    @discardableResult
    private func replan(_ ids: [String]) -> Date? {
        schedule.replan(ids, from: store.snapshot(), except: inFlight)
    }

    /// Generations the schedule has handed to ticks so far (stale entries included), for tests.
    var examined: Int { queue.sync { schedule.examined } }
    /// Plans made so far, for tests.
    var plans: Int { queue.sync { schedule.plans } }

    private func arm(at date: Date) {
        if timerDue == date, timer != nil { return }
        timer?.cancel()
        timerDue = date
        timer = scheduler.schedule(at: date, on: queue) { @Sendable [weak self] in
            guard let self, self.timerDue == date else { return }
            self.timer = nil
            self.timerDue = nil
            self.tick()
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
        timerDue = nil
    }
}
