import Foundation
import Testing
import LumaDemo
// Shared helpers (`eventually`) for every file of this target.
@_exported import TestSupport
@testable import LumaKit

/// A scripted server on loopback and a real client pointed at it.
final class Loopback: @unchecked Sendable {
    let script = ScriptedService(apiKey: "test-key")
    let server: DemoServer
    let client: QuickRouterClient

    init(timeout: TimeInterval = 20) throws {
        server = try script.serve()
        client = QuickRouterClient(endpoint: try ServiceEndpoint(server.baseURL), apiKey: "test-key", timeout: timeout)
    }

    deinit { server.stop() }
}

func answer(_ id: String, _ state: GenerationState, prompt: String = "cat dance") -> DemoResponse {
    var g = Generation(id: id, state: state, prompt: prompt, aspectRatio: "16:9")
    if state == .completed {
        g.video = Media(url: "https://cdn.example/\(id).mp4", width: 1360, height: 752)
        g.videoRaw = Media(url: "https://cdn.example/\(id)-raw.mp4", duration: 5.041667)
    }
    if state == .failed { g.failureReason = "moderation" }
    return .generation(g)
}
