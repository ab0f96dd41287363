import Foundation
import LumaKit

/// The simulated official Luma API (Dream Machine) under `/dream-machine/v1`: the same generations
/// and pace as `DemoService`, in the official shape (queued → dreaming → completed, one failure
/// with a reason), with the account's list in pages, credits that go down as the demo creates,
/// creates (201) and deletes (204). Media are served by the inner demo, as for the relay.
public final class LumaDemoService: Sendable {
    public static let apiKey = DemoService.apiKey
    public static let basePath = "/dream-machine/v1"
    public static let startingCredits = 25_000
    /// What one create costs, in cents.
    public static let createCost = 80
    public static let models = ["ray-2", "ray-flash-2"]

    /// The timelines: which generations exist and where each stands.
    public let timeline: DemoService
    private let account = Locked(Account())

    private struct Account {
        var credits = LumaDemoService.startingCredits
        var deleted = Set<String>()
        var asked: [String: (model: String, resolution: String, duration: String)] = [:]
    }

    public init(timescale: Double = 1, seed: UInt64 = 42, now: @escaping @Sendable () -> Date = Date.init) {
        timeline = DemoService(timescale: timescale, seed: seed, now: now)
    }

    /// Where the demo serves its own media (`http://127.0.0.1:PORT/media`).
    public var mediaBase: String? {
        get { timeline.mediaBase }
        set { timeline.mediaBase = newValue }
    }

    public var credits: Int { account.withLock { $0.credits } }

    /// Every id that exists and is not deleted, newest first, as the list gives them.
    public var ids: [String] {
        let deleted = account.withLock { $0.deleted }
        return timeline.ids.reversed().filter { !deleted.contains($0) }
    }

    /// The current answer of one id in the official shape, or nil when unknown or deleted.
    public func generation(_ id: String) -> Generation? {
        guard !account.withLock({ $0.deleted.contains(id) }), let g = timeline.generation(id) else { return nil }
        let asked = account.withLock { $0.asked[id] }
        return Self.official(g, model: asked?.model ?? "ray-2", resolution: asked?.resolution ?? "720p",
                             duration: asked?.duration ?? ((g.durationSeconds ?? 5) > 6 ? "9s" : "5s"))
    }

    /// A relay-shaped generation as the official API says it.
    static func official(_ g: Generation, model: String, resolution: String, duration: String) -> Generation {
        var out = Generation(id: g.id, state: g.state, prompt: g.prompt, aspectRatio: g.aspectRatio,
                             createdAt: g.created, failureReason: g.failureReason)
        out.provider = .luma
        switch g.state {
        case .pending: out.providerState = "queued"
        case .processing: out.providerState = "dreaming"
        default: break
        }
        out.generationType = "video"
        out.model = model
        out.resolution = resolution
        out.requestedDuration = duration
        if g.state == .completed {
            out.video = g.videoMedia.map { Media(url: $0.url) }
            out.thumbnail = g.thumbnailMedia.map { Media(url: $0.url) }
            out.progressVideoURL = g.videoMedia?.url.map { $0.replacingOccurrences(of: "video.mp4", with: "progress.mp4") }
        }
        return out
    }

    public func handle(_ request: DemoRequest) -> DemoResponse {
        if request.path.hasPrefix("/media/") { return timeline.handle(request) }
        guard request.path.hasPrefix(Self.basePath + "/") else { return Self.detail(404, "Not Found") }
        let route = request.path.dropFirst(Self.basePath.count + 1).split(separator: "/", omittingEmptySubsequences: false)
        guard request.bearerToken == Self.apiKey else { return Self.detail(401, "Invalid API key") }
        switch (request.method, route.count, route.first) {
        case ("GET", 1, "credits"?):
            return .json(200, Data(JSONValue.object([("credit_balance", .int(credits))]).text.utf8))
        case ("GET", 1, "generations"?): return list(request)
        case ("POST", 2, "generations"?) where route[1] == "video": return create(request)
        case ("GET", 2, "generations"?):
            return generation(String(route[1])).map(DemoResponse.generation) ?? Self.detail(404, "Generation not found")
        case ("DELETE", 2, "generations"?):
            let id = String(route[1])
            guard generation(id) != nil else { return Self.detail(404, "Generation not found") }
            account.withLock { _ = $0.deleted.insert(id) }
            return DemoResponse(status: 204)
        default: return Self.detail(404, "Not Found")
        }
    }

    /// `GET /generations?limit=&offset=`, newest first: limit 1 to 100 (default 100), offset from 0.
    private func list(_ request: DemoRequest) -> DemoResponse {
        let limit = request.queryValue("limit").map { Int($0) ?? -1 } ?? 100
        let offset = request.queryValue("offset").map { Int($0) ?? -1 } ?? 0
        guard (1...100).contains(limit), offset >= 0 else { return Self.detail(422, "limit must be 1 to 100, offset 0 or more") }
        let all = ids
        let page = all.dropFirst(min(offset, all.count)).prefix(limit)
        var body = Data(#"{"generations":["#.utf8)
        for (i, id) in page.enumerated() {
            if i > 0 { body.append(contentsOf: ",".utf8) }
            if let g = generation(id) { body.append(g.answerJSON) }
        }
        let tail = #"],"count":\#(page.count),"has_more":\#(offset + page.count < all.count),"limit":\#(limit),"offset":\#(offset)}"#
        body.append(contentsOf: tail.utf8)
        return .json(200, body)
    }

    /// `POST /generations/video`: 201 with the new generation, queued; an extend's first keyframe
    /// names a completed generation.
    private func create(_ request: DemoRequest) -> DemoResponse {
        guard let body = JSONValue.parse(request.body), case .object = body else {
            return Self.detail(400, "The body must be a JSON object")
        }
        guard let prompt = body["prompt"]?.stringValue, prompt.trimmingCharacters(in: .whitespacesAndNewlines).count >= 3 else {
            return Self.detail(400, "Prompt is required and must be at least 3 characters")
        }
        let model = body["model"]?.stringValue ?? ""
        guard Self.models.contains(model) else { return Self.detail(400, "Unknown model \(model)") }
        var parent: Generation?
        if let frame = body["keyframes"]?["frame0"], frame["type"]?.stringValue == "generation" {
            guard let id = frame["id"]?.stringValue, let found = generation(id) else {
                return Self.detail(404, "Generation not found")
            }
            guard found.state == .completed else { return Self.detail(400, "Can only extend a completed generation") }
            parent = found
        }
        let ratio = body["aspect_ratio"]?.stringValue ?? parent?.aspectRatio ?? "16:9"
        guard let aspect = DemoCatalog.aspect(for: ratio) else { return Self.detail(400, "Unsupported aspect ratio \(ratio)") }
        guard account.withLock({ $0.credits }) >= Self.createCost else { return Self.detail(400, "Insufficient credits") }
        let parentJob = parent.flatMap { p in timeline.state.withLock { s in s.jobs.first { $0.id == p.id } } }
        let (job, _) = timeline.add(prompt: prompt, aspect: aspect, parent: parentJob, failureReason: "Prompt processing failed")
        let asked = (model, body["resolution"]?.stringValue ?? "720p", body["duration"]?.stringValue ?? "5s")
        account.withLock { $0.credits -= Self.createCost; $0.asked[job.id] = asked }
        guard let g = generation(job.id) else { return Self.detail(500, "Job failed") }
        return .json(201, g.answerJSON)
    }

    /// An error as the official API writes it: `{"detail": "…"}`.
    static func detail(_ status: Int, _ text: String) -> DemoResponse {
        .json(status, Data(JSONValue.object([("detail", .string(text))]).text.utf8))
    }
}
