import Foundation

/// Where the account's list and its credits come from: the official API, or a test's stand-in.
public protocol AccountReader: Sendable {
    func list(limit: Int, completion: @escaping @Sendable (Result<[Generation], APIError>) -> Void)
    func credits(completion: @escaping @Sendable (Result<Credits, APIError>) -> Void)
}

extension LumaClient: AccountReader {}

/// Keeps the store showing the account's recent generations and its credits (official API only):
/// re-read often while any generation on screen is active, less often otherwise, so new ones
/// appear wherever they were made. One read at a time, on its own queue, on the injected clock.
public final class AccountList: @unchecked Sendable {
    public static let activeEvery: TimeInterval = 30
    public static let idleEvery: TimeInterval = 60
    public static let defaultLimit = 100

    private let reader: any AccountReader
    private let store: GenerationStore
    private let limit: Int
    private let scheduler: any Scheduler
    private let queue = DispatchQueue(label: "lumatop.account")
    private let onError: @Sendable (APIError) -> Void

    // Touched on `queue` only.
    private var running = false
    private var reading = false
    private var timer: (any Cancellable)?
    private var lastError: APIError?

    /// `limit`: how many of the most recent to show (0 shows none; credits are still read).
    /// `onError`: a failed read, said once until a read succeeds again.
    public init(reader: any AccountReader, store: GenerationStore, limit: Int = defaultLimit,
                scheduler: any Scheduler = DispatchScheduler(), onError: @escaping @Sendable (APIError) -> Void = { _ in }) {
        self.reader = reader; self.store = store; self.limit = max(0, limit); self.scheduler = scheduler
        self.onError = onError
        scheduler.register(queue)
    }

    public func start() {
        queue.sync {
            guard !running else { return }
            running = true
            read()
        }
    }

    public func stop() {
        queue.sync {
            running = false
            timer?.cancel()
            timer = nil
        }
    }

    /// Reads again now (a refresh, a create or a delete just happened).
    public func refresh() {
        queue.async { [self] in
            guard running else { return }
            timer?.cancel()
            read()
        }
    }

    /// How long until the next read, given what the store shows.
    public static func wait(for snapshot: StoreSnapshot) -> TimeInterval {
        snapshot.generations.contains { !$0.isFinished } ? activeEvery : idleEvery
    }

    private func read() {
        guard running, !reading else { return }
        reading = true
        let (reader, limit) = (reader, limit)
        let listed: @Sendable (Result<[Generation], APIError>?) -> Void = { [self] list in
            reader.credits { credits in
                self.queue.async { self.finish(list, credits) }
            }
        }
        if limit == 0 { listed(nil) } else { reader.list(limit: limit) { listed($0) } }
    }

    private func finish(_ list: Result<[Generation], APIError>?, _ credits: Result<Credits, APIError>) {
        reading = false
        guard running else { return }
        let at = scheduler.now
        var failure: APIError?
        switch list {
        case .success(let generations)?: store.setRecent(generations, at: at)
        case .failure(let error)?: failure = error
        case nil: break
        }
        switch credits {
        case .success(let c): store.setCredits(c.dollars)
        case .failure(let error): failure = failure ?? error
        }
        if let failure, failure != lastError { onError(failure) }
        lastError = failure
        timer = scheduler.schedule(at: at + Self.wait(for: store.snapshot()), on: queue) { [weak self] in self?.read() }
    }
}
