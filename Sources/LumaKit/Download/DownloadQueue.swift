import Foundation

/// Where one download stands, for the screens.
public struct DownloadStatus: Hashable, Sendable {
    public enum Phase: Hashable, Sendable {
        /// Waiting its turn; 1 is next.
        case queued(position: Int)
        case running
        case failed(String)
    }

    public var phase: Phase
    public var progress = DownloadProgress(received: 0, total: nil)
    /// The file being written (its `.part` until complete), once started.
    public var file: URL?
    /// Bytes per second since this run started (a resumed part does not count).
    public var bytesPerSecond: Double?

    public var fraction: Double? {
        guard let total = progress.total, total > 0 else { return nil }
        return min(1, Double(progress.received) / Double(total))
    }

    public var secondsLeft: Double? {
        guard let total = progress.total, let speed = bytesPerSecond, speed > 0 else { return nil }
        return Double(max(0, total - progress.received)) / speed
    }

    public var isActive: Bool {
        switch phase {
        case .queued, .running: true
        case .failed: false
        }
    }
}

public enum DownloadEvent: Sendable {
    /// Queued, started, moved on, or failed.
    case changed(String)
    /// Saved: the id and where.
    case saved(String, URL)
    /// Not fetched: this id's file is in the folder already.
    case alreadySaved(String, URL)
    case failed(String, DownloadError)
    /// Taken off the queue, or stopped while running (its `.part` stays).
    case cancelled(String)
}

/// Downloads in order, at most `maxConcurrent` at once; the rest wait. Publishes every change
/// (progress at most a few times a second) on `events`, from the caller's thread or a download's
/// own queue, never from an event loop: a subscriber may update the store or touch files.
public final class DownloadQueue: Sendable {
    public let events = Channel<DownloadEvent>()
    public let directory: URL
    private let maxConcurrent: Int
    private let downloader: Downloader
    private let now: @Sendable () -> Date
    private let state = Locked(Contents())
    static let progressEvery: TimeInterval = 0.25

    private struct Job {
        let id: String
        let url: WebURL
        let prompt: String?
        var status: DownloadStatus
        var startedAt: Date?
        var startBytes: Int64?
        var publishedAt = Date.distantPast
        var handle: DownloadHandle?
        /// Asked to cancel, perhaps before `handle` was stored.
        var cancelRequested = false
    }

    private struct Contents {
        var jobs: [String: Job] = [:]
        /// Ids waiting, in order.
        var waiting: [String] = []
        var running = Set<String>()
    }

    public init(directory: URL, maxConcurrent: Int = 2, downloader: Downloader = Downloader(),
                now: @escaping @Sendable () -> Date = Date.init) {
        self.directory = directory
        self.maxConcurrent = max(1, maxConcurrent)
        self.downloader = downloader
        self.now = now
    }

    /// Queues a download; false when that id is already queued or running.
    @discardableResult
    public func enqueue(id: String, url: WebURL, prompt: String?) -> Bool {
        let added = state.withLock { s -> Bool in
            if let job = s.jobs[id], job.status.isActive { return false }
            s.jobs[id] = Job(id: id, url: url, prompt: prompt, status: DownloadStatus(phase: .queued(position: 0)))
            s.waiting.append(id)
            return true
        }
        if added { events.publish(.changed(id)) }
        startWhatFits()
        return added
    }

    /// Every download known: queued, running, or failed (until queued again).
    public func snapshot() -> [String: DownloadStatus] {
        state.withLock { s in
            var out = s.jobs.mapValues(\.status)
            for (i, id) in s.waiting.enumerated() { out[id]?.phase = .queued(position: i + 1) }
            return out
        }
    }

    /// Cancels a queued or running download, or forgets a failed one; false when there is none.
    /// A running one ends with `.cancelled` once its request has stopped.
    @discardableResult
    public func cancel(id: String) -> Bool {
        enum Found { case none, waiting, running(DownloadHandle?), failed }
        let found = state.withLock { s -> Found in
            guard let job = s.jobs[id] else { return .none }
            if s.running.contains(id) {
                s.jobs[id]?.cancelRequested = true
                return .running(job.handle)
            }
            s.jobs[id] = nil
            if let i = s.waiting.firstIndex(of: id) {
                s.waiting.remove(at: i)
                return .waiting
            }
            return .failed
        }
        switch found {
        case .none: return false
        case .waiting: events.publish(.cancelled(id))
        case .failed: events.publish(.changed(id))
        case .running(let handle): handle?.cancel()
        }
        return true
    }

    /// Downloads queued or running.
    public var activeCount: Int { state.withLock { $0.waiting.count + $0.running.count } }

    private func startWhatFits() {
        while let (job, placement) = nextToStart() {
            switch placement {
            case .alreadySaved(let file):
                events.publish(.alreadySaved(job.id, file))
            case .write:
                events.publish(.changed(job.id))
                run(job)
            }
        }
    }

    private func nextToStart() -> (Job, DownloadName.Placement)? {
        state.withLock { s in
            guard s.running.count < maxConcurrent, !s.waiting.isEmpty else { return nil }
            let id = s.waiting.removeFirst()
            guard var job = s.jobs[id] else { return nil }
            let taken = Set(s.jobs.values.filter { s.running.contains($0.id) }.compactMap { $0.status.file?.path })
            let placement = DownloadName.place(id: id, prompt: job.prompt, in: directory, taken: taken)
            guard case .write(let file) = placement else {
                s.jobs[id] = nil
                return (job, placement)
            }
            job.status.phase = .running
            job.status.file = file
            job.startedAt = now()
            s.jobs[id] = job
            s.running.insert(id)
            return (job, placement)
        }
    }

    private func run(_ job: Job) {
        guard let file = job.status.file else { return }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            finish(job.id, .failure(.io("cannot create \(directory.path): \(error.localizedDescription)")))
            return
        }
        let handle = downloader.download(job.url, to: file, id: job.id, progress: { [weak self] p in self?.advance(job.id, p) }) {
            [weak self] result in self?.finish(job.id, result)
        }
        // A cancel that came before the handle was stored is carried out now.
        let cancelledEarly = state.withLock { s -> Bool in
            guard s.running.contains(job.id) else { return false }
            s.jobs[job.id]?.handle = handle
            return s.jobs[job.id]?.cancelRequested == true
        }
        if cancelledEarly { handle.cancel() }
    }

    private func advance(_ id: String, _ p: DownloadProgress) {
        let publish = state.withLock { s -> Bool in
            guard var job = s.jobs[id] else { return false }
            let t = now()
            if job.startBytes == nil { job.startBytes = p.received; job.startedAt = t }
            job.status.progress = p
            if let start = job.startedAt, let base = job.startBytes, t.timeIntervalSince(start) >= 0.5 {
                job.status.bytesPerSecond = Double(p.received - base) / t.timeIntervalSince(start)
            }
            let due = t.timeIntervalSince(job.publishedAt) >= Self.progressEvery
            if due { job.publishedAt = t }
            s.jobs[id] = job
            return due
        }
        if publish { events.publish(.changed(id)) }
    }

    private func finish(_ id: String, _ result: Result<URL, DownloadError>) {
        state.withLock { s in
            s.running.remove(id)
            switch result {
            case .success, .failure(.cancelled): s.jobs[id] = nil
            case .failure(let error): s.jobs[id]?.status.phase = .failed(error.description)
            }
        }
        switch result {
        case .success(let file): events.publish(.saved(id, file))
        case .failure(.cancelled): events.publish(.cancelled(id))
        case .failure(let error): events.publish(.failed(id, error))
        }
        startWhatFits()
    }
}
