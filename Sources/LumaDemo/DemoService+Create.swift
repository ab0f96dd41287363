import Foundation
import LumaKit

/// Creates and extends, as a relay answers them: the new generation starts pending and runs at the
/// demo's pace (a prompt with "fail" in it fails); an extend needs a completed generation.
extension DemoService {
    func handleCreate(_ kind: GenerationOrder.Kind, _ request: DemoRequest) -> DemoResponse {
        guard request.bearerToken == Self.apiKey else { return .error(401, message: "invalid API key") }
        guard let body = JSONValue.parse(request.body), case .object = body else {
            return .error(400, message: "the body must be a JSON object")
        }
        let prompt: String?
        let parent: DemoJob?
        switch kind {
        case .create:
            prompt = body["prompt"]?.stringValue ?? body["user_prompt"]?.stringValue
            parent = nil
        case .extend(let parentID):
            prompt = body["user_prompt"]?.stringValue ?? body["prompt"]?.stringValue
            advance()
            guard let found = state.withLock({ s in s.jobs.first { $0.id == parentID } }) else {
                return .error(404, message: "generation \(parentID) not found")
            }
            guard let answer = generation(parentID), answer.state == .completed else {
                let word = generation(parentID)?.state.word ?? "unknown"
                return .error(400, message: "generation \(parentID) is \(word): only a completed generation can be extended")
            }
            parent = found
        }
        guard let prompt, !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return .error(400, message: "prompt is required")
        }
        let ratio = body["aspect_ratio"]?.stringValue ?? parent?.aspect.ratio ?? "16:9"
        guard let aspect = DemoCatalog.aspect(for: ratio) else {
            return .error(400, message: "unsupported aspect_ratio \(ratio)")
        }
        let (job, createdAt) = add(prompt: prompt, aspect: aspect, parent: parent)
        let answer = JSONValue.object([
            ("id", .string(job.id)), ("prompt", .string(prompt)), ("state", .string("pending")),
            ("created_at", .string(WireDate.format(createdAt))), ("video", .null), ("estimate_wait_seconds", .null),
        ])
        return .json(201, Data(answer.text.utf8))
    }

    /// A new job asked for, running at the demo's pace from now (a prompt with "fail" fails).
    func add(prompt: String, aspect: (ratio: String, width: Int, height: Int), parent: DemoJob?,
             failureReason: String = "content moderation: prompt rejected") -> (DemoJob, Date) {
        let createdAt = now()
        let job = state.withLock { s -> DemoJob in
            var rng = SplitMix64(seed: seed &+ 0xC0FF_EE00 &+ UInt64(s.jobs.count - s.catalogued) &* 0x9E37_79B9)
            let t = elapsed()
            let job = DemoJob(
                id: rng.uuid(), prompt: prompt, aspect: aspect, duration: (parent?.duration ?? 0) + 5.041667,
                palette: DemoCatalog.palette(&rng), appearsAt: t, processingAt: t + rng.uniform(5, 20),
                finishesAt: t + rng.uniform(30, 90),
                failureReason: prompt.lowercased().contains("fail") ? failureReason : nil,
                rateLimitedOnce: false)
            s.jobs.append(job)
            s.created[job.id] = createdAt
            return job
        }
        return (job, createdAt)
    }
}
