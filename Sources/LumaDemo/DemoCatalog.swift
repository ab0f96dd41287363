import Foundation
import LumaKit

/// The demo's generations: what each one is and when it moves. Deterministic from a seed.
struct DemoJob: Sendable {
    let id: String
    let prompt: String
    let aspect: (ratio: String, width: Int, height: Int)
    let duration: Double
    let palette: Palette
    /// Seconds of demo time since the service started.
    let appearsAt: Double
    let processingAt: Double
    let finishesAt: Double
    let failureReason: String?
    let rateLimitedOnce: Bool

    /// `mediaBase`: where the demo serves its media itself (else the real hosts' shape, unreachable).
    func answer(at t: Double, createdAt: Date, mediaBase: String? = nil) -> Generation {
        let state: GenerationState = t < processingAt ? .pending
            : t < finishesAt ? .processing : failureReason == nil ? .completed : .failed
        var g = Generation(id: id, state: state, prompt: prompt, aspectRatio: aspect.ratio, createdAt: createdAt)
        if state == .failed { g.failureReason = failureReason }
        guard state == .completed else { return g }
        let base = mediaBase.map { "\($0)/\(id)" } ?? "https://storage.cdn-luma.com/dream-machine/\(id)"
        let video = Media(url: "\(base)/video.mp4", width: aspect.width, height: aspect.height,
                          downloadURL: "\(base)/video.mp4?download=1")
        let raw = Media(url: "\(base)/video_raw.mp4", width: aspect.width, height: aspect.height,
                        duration: duration, mediaType: "video")
        let thumbnailURL = mediaBase.map { "\($0)/\(id)/thumbnail.jpg" } ?? "https://imagedelivery.net/demo/\(id)/public"
        let thumbnail = Media(url: thumbnailURL, width: aspect.width,
                              height: aspect.height, mediaType: "image", palette: palette)
        let lastFrame = Media(url: "\(base)/video_0_last_frame.jpg", width: aspect.width, height: aspect.height,
                              mediaType: "image")
        g.video = video; g.videoRaw = raw; g.thumbnail = thumbnail; g.lastFrame = lastFrame
        g.artifact = .init(video: video, videoRaw: raw, thumbnail: thumbnail, lastFrame: lastFrame)
        return g
    }
}

enum DemoCatalog {
    static let prompts = [
        "cat dance",
        "一段海边日落的视频",
        "a paper boat drifting down a rainy street, macro lens",
        "雪山上的红色小火车穿过隧道",
        "neon koi fish swimming through a night market 🐟",
        "slow dolly shot of a lighthouse in a storm, waves crashing over the rocks, cinematic lighting, "
            + "35mm film grain, the beam sweeping across low clouds while seagulls circle and a lone keeper "
            + "climbs the spiral stairs",
        "机器人在樱花树下弹钢琴",
        "time-lapse of a city skyline from dusk to night",
        "a golden retriever surfing a small wave 🏄",
        "熊猫在竹林里吃竹子，电影感",
        "origami cranes taking flight from a desk",
        "hot air balloons over Cappadocia at sunrise",
        "a fox running through fresh snow",
        "水墨画风格的山水，云雾缭绕",
        "close-up of coffee being poured in slow motion",
    ]

    static let aspects: [(ratio: String, width: Int, height: Int)] = [
        ("16:9", 1360, 752), ("9:16", 752, 1360), ("1:1", 1024, 1024), ("4:3", 1152, 864),
    ]

    /// The size a new generation of each aspect ratio gets.
    static func aspect(for ratio: String) -> (ratio: String, width: Int, height: Int)? {
        let more: [(ratio: String, width: Int, height: Int)] = [("3:4", 864, 1152), ("21:9", 1568, 672), ("9:21", 672, 1568)]
        return (aspects + more).first { $0.ratio == ratio }
    }

    static let startingCount = 12
    /// A new generation appears this often (demo seconds).
    static let newEvery: Double = 45

    /// The n-th job. The first three are done at start, the sixth fails, the fifth answers 429 once.
    static func job(_ n: Int, seed: UInt64) -> DemoJob {
        var rng = SplitMix64(seed: seed &+ UInt64(n) &* 0x9E37_79B9)
        let appears = n < startingCount ? 0 : Double(n - startingCount + 1) * newEvery
        let alreadyDone = n < 3
        let processing = alreadyDone ? -120 : appears + rng.uniform(5, 20)
        let finishes = alreadyDone ? -60 : n == 5 ? 40 : appears + rng.uniform(30, 90)
        return DemoJob(
            id: rng.uuid(), prompt: prompts[n % prompts.count], aspect: aspects[n % aspects.count],
            duration: n % 4 == 3 ? 9.041667 : 5.041667, palette: palette(&rng),
            appearsAt: appears, processingAt: min(processing, finishes), finishesAt: finishes,
            failureReason: n == 5 ? "content moderation: prompt rejected" : nil,
            rateLimitedOnce: n == 4)
    }

    /// A smooth 5×5 blend of three seeded colours, like a real thumbnail's: neighbours stay close.
    static func palette(_ rng: inout SplitMix64) -> Palette {
        let corners = (0..<3).map { _ in (rng.uniform(20, 235), rng.uniform(20, 235), rng.uniform(20, 235)) }
        var colors: [RGB] = []
        for row in 0..<5 {
            for col in 0..<5 {
                let u = Double(col) / 4, v = Double(row) / 4
                func mix(_ k: KeyPath<(Double, Double, Double), Double>) -> UInt8 {
                    let top = corners[0][keyPath: k] * (1 - u) + corners[1][keyPath: k] * u
                    let value = top * (1 - v) + corners[2][keyPath: k] * v + rng.uniform(-6, 6)
                    return UInt8(max(0, min(255, value.rounded())))
                }
                colors.append(RGB(mix(\.0), mix(\.1), mix(\.2)))
            }
        }
        return try! Palette(colors: colors)
    }
}

/// A small seeded generator, so the demo looks the same on every run.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * Double(next() >> 11) / Double(1 << 53)
    }

    mutating func uuid() -> String {
        let hex = String(format: "%016llx%016llx", next(), next())
        let c = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(c[$0]) }.joined(separator: "-")
    }
}
