import Foundation
import LumaDemo
@testable import LumaKit

/// A loopback server speaking whatever a test scripts, route by route (`GET /generations?offset=0`),
/// recording every request as it arrived; and a LumaClient pointed at its `/dream-machine/v1`.
final class LumaLoopback: @unchecked Sendable {
    struct Arrived: Sendable {
        let method: String
        let path: String
        let query: String
        let body: String
        let authorization: String?
        let contentType: String?
    }

    private let routes = Locked([String: [DemoResponse]]())
    private let log = Locked([Arrived]())
    let server: DemoServer
    let client: LumaClient
    static let base = "/dream-machine/v1"

    init() throws {
        let routes = self.routes, log = self.log
        server = DemoServer(handler: { request in
            log.withLock {
                $0.append(Arrived(method: request.method, path: request.path, query: request.query,
                                  body: String(decoding: request.body, as: UTF8.self),
                                  authorization: request.header("Authorization"), contentType: request.header("Content-Type")))
            }
            let relative = String(request.path.dropFirst(Self.base.count))
            let keys = ["\(request.method) \(relative)?\(request.query)", "\(request.method) \(relative)"]
            return routes.withLock { r -> DemoResponse in
                for key in keys {
                    guard var queue = r[key], let first = queue.first else { continue }
                    if queue.count > 1 { queue.removeFirst(); r[key] = queue }
                    return first
                }
                return .json(404, Data(#"{"detail":"no such route"}"#.utf8))
            }
        })
        try server.start()
        client = LumaClient(endpoint: try ServiceEndpoint(server.baseURL + Self.base), apiKey: "luma-test-key")
    }

    deinit { server.stop() }

    /// Answers for `METHOD /path` (any query) or `METHOD /path?query` (that query only), in order;
    /// the last repeats.
    func route(_ key: String, _ responses: [DemoResponse]) { routes.withLock { $0[key] = responses } }
    var arrived: [Arrived] { log.current }
}

/// A generation in the official shape, as the API writes it.
func official(_ id: String, state: String = "completed", type: String = "video", prompt: String = "a fox in snow",
              extra: String = "") -> String {
    let assets = state == "completed"
        ? #"{"video": "https://storage.cdn-luma.com/\#(id)/video.mp4", "image": "https://storage.cdn-luma.com/\#(id)/image.jpg", "progress_video": "https://storage.cdn-luma.com/\#(id)/progress.mp4"}"#
        : "null"
    return #"""
    {"id": "\#(id)", "generation_type": "\#(type)", "state": "\#(state)", "failure_reason": null,
     "created_at": "2025-03-01T10:00:00.000Z", "model": "ray-2", "assets": \#(assets),
     "request": {"generation_type": "\#(type)", "prompt": "\#(prompt)", "aspect_ratio": "16:9", "loop": false,
                 "keyframes": null, "model": "ray-2", "resolution": "720p", "duration": "5s"}\#(extra)}
    """#
}

func page(_ ids: [String], hasMore: Bool, offset: Int = 0) -> DemoResponse {
    let body = #"{"generations": [\#(ids.map { official($0) }.joined(separator: ","))], "count": \#(ids.count), "#
        + #""has_more": \#(hasMore), "limit": 100, "offset": \#(offset)}"#
    return .json(200, Data(body.utf8))
}
