import Foundation
import LumaKit

/// The simulated QuickRouter: a dozen generations advancing pending → processing → completed over
/// 30 to 90 seconds, one failing, one answering 429 once, and a new one every 45 seconds.
/// `timescale` 10 runs it ten times faster.
public final class DemoService: @unchecked Sendable {
    public static let apiKey = "lumatop-demo-key"
    /// Speeds the demo runs at; others are held to the nearest.
    public static let timescales: ClosedRange<Double> = 0.01...1000

    private let timescale: Double
    let seed: UInt64
    let now: @Sendable () -> Date
    private let started: Date
    let state = Locked(Contents())
    private var timer: DispatchSourceTimer?

    struct Contents {
        var jobs: [DemoJob] = []
        /// Jobs taken from the catalogue so far; the rest of `jobs` were asked for (create, extend).
        var catalogued = 0
        var created: [String: Date] = [:]
        var rateLimited = Set<String>()
        var onNew: (@Sendable (String) -> Void)?
        var mediaBase: String?
    }

    public init(timescale: Double = 1, seed: UInt64 = 42, now: @escaping @Sendable () -> Date = Date.init) {
        self.timescale = Bounded.clamp(timescale, to: Self.timescales, nan: 1)
        self.seed = seed
        self.now = now
        started = now()
        advance()
        // New generations appear on their own; a real clock drives them (tests call `ids` instead).
        let source = DispatchSource.makeTimerSource(queue: .global())
        let every = DemoCatalog.newEvery / self.timescale
        source.schedule(deadline: Bounded.deadline(in: every), repeating: Bounded.interval(every), leeway: .milliseconds(100))
        source.setEventHandler { @Sendable [weak self] in self?.advance() }
        source.resume()
        timer = source
    }

    deinit { timer?.cancel() }

    /// Called with each new id when it appears.
    public var onNewGeneration: (@Sendable (String) -> Void)? {
        get { state.withLock { $0.onNew } }
        set { state.withLock { $0.onNew = newValue } }
    }

    /// Where the demo serves its own media (`http://127.0.0.1:PORT/media`), so downloads work
    /// offline; nil keeps the real hosts' URLs.
    public var mediaBase: String? {
        get { state.withLock { $0.mediaBase } }
        set { state.withLock { $0.mediaBase = newValue } }
    }

    /// Every id that exists so far, oldest first.
    public var ids: [String] {
        advance()
        return state.withLock { $0.jobs.map(\.id) }
    }

    /// The current answer of one id, or nil when unknown.
    public func generation(_ id: String) -> Generation? {
        let t = elapsed()
        advance()
        return state.withLock { s in
            s.jobs.first { $0.id == id }.map { $0.answer(at: t, createdAt: s.created[$0.id] ?? started, mediaBase: s.mediaBase) }
        }
    }

    public func handle(_ request: DemoRequest) -> DemoResponse {
        if request.path.hasPrefix("/media/") { return media(request) }
        if request.isBatch { return handleBatch(request) }
        if let kind = request.createKind { return handleCreate(kind, request) }
        guard let id = request.generationID else { return .error(404, message: "no such route") }
        guard request.bearerToken == Self.apiKey else { return .error(401, message: "invalid API key") }
        advance()
        let (job, limited) = state.withLock { s -> (DemoJob?, Bool) in
            guard let job = s.jobs.first(where: { $0.id == id }) else { return (nil, false) }
            let limit = job.rateLimitedOnce && s.rateLimited.insert(id).inserted
            return (job, limit)
        }
        guard job != nil else { return .error(404, message: "task \(id) not found") }
        if limited { return .error(429, message: "rate limited", headers: [("Retry-After", "2")]) }
        return generation(id).map(DemoResponse.generation) ?? .error(404, message: "task not found")
    }

    /// A completed job's media: made-up bytes, served slowly enough that progress shows.
    private func media(_ request: DemoRequest) -> DemoResponse {
        let parts = request.path.split(separator: "/")
        guard parts.count == 3, let g = generation(String(parts[1])), g.state == .completed else {
            return .text(404, "no such media", contentType: "text/plain")
        }
        let (id, file) = (String(parts[1]), String(parts[2]))
        let picture = file.hasSuffix(".jpg")
        let body: Data
        if picture, let thumbnail = g.thumbnailMedia, let palette = thumbnail.palette,
           let w = thumbnail.width, let h = thumbnail.height {
            body = DemoPictures.jpeg(id: id, file: file, palette: palette, width: w, height: h)
        } else {
            body = DemoMedia.bytes(id: id, file: file)
        }
        let type = picture ? "image/jpeg" : "video/mp4"
        var response = DemoMedia.respond(body, range: request.header("Range"), type: type)
        response.trickle = (bytes: 32 * 1024, every: 0.05 / timescale)
        return response
    }

    /// `POST /luma/tasks`: the known ones of the ids asked, as a bare array. The job that answers
    /// 429 once does so inside a batch too: a real service limits the key, not the route.
    private func handleBatch(_ request: DemoRequest) -> DemoResponse {
        guard request.bearerToken == Self.apiKey else { return .error(401, message: "invalid API key") }
        guard let ids = request.batchIDs else { return .error(400, message: "body must be {\"ids\": [...]}") }
        advance()
        let limited = state.withLock { s in
            ids.contains { id in s.jobs.contains { $0.id == id && $0.rateLimitedOnce } && s.rateLimited.insert(id).inserted }
        }
        if limited { return .error(429, message: "rate limited", headers: [("Retry-After", "2")]) }
        return .batch(ids.compactMap { generation($0) }.map(\.answerJSON))
    }

    func elapsed() -> Double { now().timeIntervalSince(started) * timescale }

    /// Brings the catalogue up to the current demo time.
    func advance() {
        let t = elapsed()
        let (added, callback) = state.withLock { s -> ([String], (@Sendable (String) -> Void)?) in
            var added: [String] = []
            while true {
                let job = DemoCatalog.job(s.catalogued, seed: seed)
                guard job.appearsAt <= t else { break }
                s.jobs.append(job)
                s.catalogued += 1
                // The starting dozen were created a few minutes apart, the finished ones first.
                let startingAge = Double(DemoCatalog.startingCount + 1 - s.catalogued) * 7
                s.created[job.id] = started + job.appearsAt / timescale - (job.appearsAt == 0 ? startingAge : 0)
                if job.appearsAt > 0 { added.append(job.id) }
            }
            return (added, s.onNew)
        }
        for id in added { callback?(id) }
    }
}
