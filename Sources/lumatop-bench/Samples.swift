import Foundation
import LumaKit

/// What the benchmarks feed: the documented example answer and many generations made from it.
enum Samples {
    /// `bench/` of the package: the example answer and the peer live there.
    static let benchDirectory: URL = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("bench")
    }()

    /// The documented example answer, byte for byte.
    static let example: Data = {
        let url = benchDirectory.appendingPathComponent("example-answer.json")
        guard let data = try? Data(contentsOf: url) else { fatalError("cannot read \(url.path)") }
        return data
    }()

    static let exampleText = String(decoding: example, as: UTF8.self)
    static let exampleID = "4665a07c-7641-4809-a133-10786201bb56"

    /// A task id like the service's, n-th of a run.
    static func id(_ n: Int) -> String {
        let hex = String(format: "%012x", n)
        return "bench000-0000-4000-8000-\(hex)"
    }

    /// The example answer for another id, decoded from its own text so nothing is shared between
    /// generations (as when each arrives from the network or the state file).
    static func answer(_ n: Int, state: String = "completed") -> Generation {
        let text = exampleText.replacingOccurrences(of: exampleID, with: id(n))
            .replacingOccurrences(of: "\"state\": \"completed\"", with: "\"state\": \"\(state)\"")
            .replacingOccurrences(of: "cat dance", with: prompts[n % prompts.count])
        return try! GenerationDecoder.decode(Data(text.utf8))
    }

    static let prompts = [
        "cat dance", "一段海边日落的视频", "a paper boat drifting down a rainy street, macro lens",
        "neon koi fish swimming through a night market 🐟", "time-lapse of a city skyline from dusk to night",
        "熊猫在竹林里吃竹子，电影感", "origami cranes taking flight from a desk", "a fox running through fresh snow",
    ]

    /// `count` tracked generations with full answers, created a minute apart before `now`; every
    /// 20th is still processing, every 50th failed.
    static func tracked(_ count: Int, now: Date) -> [TrackedGeneration] {
        (0..<count).map { n in
            let state = n % 20 == 7 ? "processing" : n % 50 == 3 ? "failed" : "completed"
            var g = answer(n, state: state)
            let created = now - 3 * 86_400 + Double(n) * 7
            g.createdAt = created
            return TrackedGeneration(id: g.id, generation: g, firstSeen: created, stateChangedAt: created + 90,
                                     polls: 3, lastPolledAt: created + 90)
        }
    }

    /// A state directory whose tracked list holds `count` generations with full answers, all
    /// finished (the idle and startup cases), or only ids (`answers: false`, for polling); then
    /// `processing` more (ids `count...`) whose answers say processing (the steady case).
    static func stateDirectory(_ count: Int, answers: Bool, processing: Int = 0) throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("lumatop-bench-\(getpid())-\(UUID().uuidString.prefix(8))")
        let now = Date()
        let records: [TrackedRecord] = tracked(count + processing, now: now).enumerated().map { n, g in
            var r = TrackedRecord(g)
            if !answers { r.answer = nil } else { r.answer?.state = n < count ? .completed : .processing }
            return r
        }
        try TrackedList(directory: dir).insert(records)
        return dir
    }

    /// An answer before completion, as the documentation describes it: media null.
    static func processingAnswer(_ id: String) -> String {
        #"{"id": ""# + id + #"", "state": "processing", "video": null, "request": {"prompt": "cat dance", "aspect_ratio": "16:9"}, "artifact": null, "thumbnail": null, "video_raw": null, "created_at": "2024-12-22T13:38:40.139Z", "last_frame": null}"#
    }
}
