import Foundation
import Testing
import LumaDemo
import LumaKit

/// A scripted QuickRouter on loopback for one test; stopped on deinit.
final class ScriptedServer: @unchecked Sendable {
    let script: ScriptedService
    let server: DemoServer
    var baseURL: String { server.baseURL }

    init(apiKey: String = "test-key") throws {
        script = ScriptedService(apiKey: apiKey)
        server = try script.serve()
    }

    deinit { server.stop() }

    var requestedIDs: [String] { script.requests.map(\.id) }
}

/// The palette every completed test answer carries: cell (0,0) is #123456, the rest a ramp.
let testPalette: Palette = {
    var colors = [RGB(0x12, 0x34, 0x56)]
    for i in 1..<25 { colors.append(RGB(UInt8(i * 10), UInt8(255 - i * 10), 0x80)) }
    return try! Palette(colors: colors)
}()

/// A finished generation with every medium, like the documented example.
func completedGeneration(_ id: String, prompt: String = "a fox running through fresh snow") -> Generation {
    let base = "https://cdn.example/\(id)"
    let video = Media(url: "\(base)/video.mp4", width: 1360, height: 752, downloadURL: "\(base)/video.mp4?dl=1")
    let raw = Media(url: "\(base)/raw.mp4", width: 1360, height: 752, duration: 5.041667, mediaType: "video")
    let thumb = Media(url: "\(base)/thumb.jpg", width: 1360, height: 752, mediaType: "image", palette: testPalette)
    let last = Media(url: "\(base)/last.jpg", width: 1360, height: 752, mediaType: "image")
    return Generation(id: id, state: .completed, prompt: prompt, aspectRatio: "16:9", video: video, videoRaw: raw,
                      thumbnail: thumb, lastFrame: last,
                      createdAt: Date(timeIntervalSince1970: 1_734_874_720.139))
}

func generation(_ id: String, _ state: GenerationState, prompt: String = "a fox running through fresh snow") -> Generation {
    switch state {
    case .completed: return completedGeneration(id, prompt: prompt)
    case .failed:
        return Generation(id: id, state: .failed, prompt: prompt, aspectRatio: "16:9",
                          failureReason: "content moderation: prompt rejected")
    default:
        return Generation(id: id, state: state, prompt: prompt, aspectRatio: "16:9")
    }
}

func answer(_ id: String, _ state: GenerationState, prompt: String = "a fox running through fresh snow") -> DemoResponse {
    .generation(generation(id, state, prompt: prompt))
}

/// Each stdout line as a JSON object; records an issue for a line that is not one.
func jsonObjects(_ run: LumatopRun, sourceLocation: SourceLocation = #_sourceLocation) -> [[String: Any]] {
    run.lines.compactMap { line in
        guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
            Issue.record("not a JSON object: \(line)", sourceLocation: sourceLocation)
            return nil
        }
        return object
    }
}

func isNull(_ value: Any?) -> Bool { value is NSNull }

/// The keys of one JSON line in the order they appear (the objects are flat but for `palette`).
func keyOrder(_ line: String) -> [String] {
    StatusReport.keys.compactMap { key in line.range(of: "\"\(key)\":").map { (key, $0.lowerBound) } }
        .sorted { $0.1 < $1.1 }.map(\.0)
}

/// A useful comment for a failed expectation on a run.
func describe(_ run: LumatopRun) -> Comment {
    "exit \(run.status)\n--- stdout ---\n\(run.stdout)\n--- stderr ---\n\(run.stderr)"
}
