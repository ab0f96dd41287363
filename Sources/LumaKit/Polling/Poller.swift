import Foundation

/// Polls every active generation of a store on its own serial queue. One timer, armed for the
/// earliest due poll and not at all when nothing is due: idle means asleep.
public final class Poller: @unchecked Sendable {
    public let policy: PollPolicy
    private let client: any GenerationsClient
    private let store: GenerationStore
    private let queue = DispatchQueue(label: "lumatop.poller")
    private let now: @Sendable () -> Date
    private let random: @Sendable () -> Double

    // Everything below is touched on `queue` only.
    private var running = false
    private var inFlight = Set<String>()
    private var failures: [String: Int] = [:]
    private var holdUntil: Date?
    private var paused = false
    private var timer: DispatchSourceTimer?
    private var timerDue: Date?
    private var subscription: Subscription?

    public init(client: any GenerationsClient, store: GenerationStore, policy: PollPolicy = PollPolicy(),
                now: @escaping @Sendable () -> Date = Date.init,
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.client = client
        self.store = store
        self.policy = policy
        self.now = now
        self.random = random
    }

    public func start() {
        queue.sync {
            guard !running else { return }
            running = true
            subscription = store.events.subscribe { @Sendable [weak self] event in
                guard let self else { return }
                switch event {
                case .tracked, .refreshRequested: self.queue.async { self.tick() }
                case .untracked, .updated, .status: break
                }
            }
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
        let t = now()
        if let hold = holdUntil {
            if t < hold { return arm(at: hold) }
            holdUntil = nil
            store.updateStatus { $0.rateLimitedUntil = nil }
        }
        var due: [(id: String, at: Date)] = []
        var earliest: Date?
        for g in store.snapshot().generations where !inFlight.contains(g.id) {
            guard let at = dueTime(g, now: t) else { continue }
            if at <= t { due.append((g.id, at)) } else { earliest = min(earliest ?? at, at) }
        }
        // Longest-waiting first, so a small in-flight cap is still fair.
        due.sort { $0.at < $1.at }
        for (id, _) in due {
            if inFlight.count >= policy.maxInFlight { break }
            send(id)
        }
        if let earliest { arm(at: earliest) } else { disarm() }
    }

    /// When a tracked generation should be polled; nil for never (finished, nothing asked).
    private func dueTime(_ g: TrackedGeneration, now: Date) -> Date? {
        if let next = g.nextPollAt { return next }
        if g.isFinished { return nil }
        if case .invalidID? = g.lastError { return nil }
        return now
    }

    private func send(_ id: String) {
        inFlight.insert(id)
        client.fetch(id) { @Sendable [weak self] result in
            guard let self else { return }
            self.queue.async { self.finish(id, result) }
        }
    }

    private func finish(_ id: String, _ result: Result<Generation, APIError>) {
        inFlight.remove(id)
        guard running else { return }
        let t = now()
        var next: Date?
        switch result {
        case .success(let answer):
            failures[id] = nil
            next = policy.next(after: answer, now: t)
        case .failure(let error):
            next = react(to: error, id: id, now: t)
        }
        store.apply(id, result, at: t, nextPollAt: next)
        tick()
    }

    /// The policy for one failed poll: returns when to ask for this id again.
    private func react(to error: APIError, id: String, now t: Date) -> Date? {
        switch error {
        case .unauthorized:
            // Every request would fail the same way: stop all until the user resumes.
            paused = true
            store.updateStatus { $0.authFailure = error }
            return t
        case .notFound:
            return t + policy.notFoundRetry
        case .rateLimited(let after):
            let until = t + (after ?? policy.defaultRetryAfter)
            holdUntil = max(holdUntil ?? until, until)
            store.updateStatus { $0.rateLimitedUntil = holdUntil }
            return holdUntil
        case .invalidID:
            return nil
        case .server, .unexpectedStatus, .transport, .decoding, .tooLarge:
            let n = (failures[id] ?? 0) + 1
            failures[id] = n
            return t + policy.backoff(failures: n, unit: random())
        }
    }

    private func arm(at date: Date) {
        if timerDue == date, timer != nil { return }
        if timer == nil {
            let source = DispatchSource.makeTimerSource(queue: queue)
            source.setEventHandler { @Sendable [weak self] in
                self?.timerDue = nil
                self?.tick()
            }
            source.resume()
            timer = source
        }
        timerDue = date
        let delay = max(0, date.timeIntervalSince(now()))
        timer?.schedule(deadline: .now() + delay, leeway: .milliseconds(50))
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
        timerDue = nil
    }
}
