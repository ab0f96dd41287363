import Foundation
import Testing
import LumaDemo
@testable import LumaKit

/// A media host on loopback answering each request with the next of its scripted answers (the
/// last one repeats), each made from the request; records every request.
final class ScriptedMediaHost: @unchecked Sendable {
    typealias Answer = @Sendable (DemoRequest) -> DemoResponse
    let server: DemoServer
    let seen = Locked([DemoRequest]())

    init(_ answers: [Answer]) throws {
        let seen = self.seen
        let queue = Locked(answers)
        server = DemoServer(handler: { request in
            seen.withLock { $0.append(request) }
            let answer = queue.withLock { q in q.count > 1 ? q.removeFirst() : q[0] }
            return answer(request)
        })
        try server.start()
    }

    var url: String { "\(server.baseURL)/media/v.mp4" }
    var ranges: [String?] { seen.current.map { $0.header("Range") } }
    deinit { server.stop() }
}

/// Answers a media host may give for `video`.
enum MediaAnswer {
    static func whole(_ video: Data) -> ScriptedMediaHost.Answer {
        { _ in DemoResponse(status: 200, headers: [("Content-Type", "video/mp4")], body: video) }
    }

    /// A 206 for a `Range: bytes=N-` request, else the whole file.
    static func honest(_ video: Data) -> ScriptedMediaHost.Answer {
        { request in
            guard let range = request.header("Range"), range.hasPrefix("bytes="),
                  let start = Int(range.dropFirst(6).split(separator: "-").first ?? ""), start < video.count
            else { return whole(video)(request) }
            return DemoResponse(status: 206, headers: [("Content-Range", "bytes \(start)-\(video.count - 1)/\(video.count)")],
                                body: video.subdata(in: start..<video.count))
        }
    }

    /// Names the whole size, sends the first `bytes`, then closes the connection.
    static func cut(_ video: Data, after bytes: Int) -> ScriptedMediaHost.Answer {
        framed(video.prefix(bytes), .declaredLength(String(video.count)))
    }

    static func framed(_ body: Data, _ framing: BodyFraming, status: Int = 200,
                       headers: [(name: String, value: String)] = []) -> ScriptedMediaHost.Answer {
        { _ in
            var r = DemoResponse(status: status, headers: headers, body: body)
            r.framing = framing
            return r
        }
    }

    static func redirect(_ location: String, status: Int = 302) -> ScriptedMediaHost.Answer {
        { _ in DemoResponse(status: status, headers: [("Location", location)]) }
    }
}

/// Runs one download to its end.
func fetch(_ url: String, to file: URL, id: String = "abc-id",
           progress: (@Sendable (DownloadProgress) -> Void)? = nil) -> Result<URL, DownloadError> {
    let done = DispatchSemaphore(value: 0)
    let result = Locked(Result<URL, DownloadError>?.none)
    let webURL: WebURL
    do { webURL = try WebURL(url) } catch { Issue.record("refused \(url): \(error)"); return .failure(.transport("refused")) }
    Downloader().download(webURL, to: file, id: id, progress: progress ?? { _ in }) { r in
        result.withLock { $0 = r }
        done.signal()
    }
    done.wait()
    return result.current!
}

func size(_ file: URL) -> Int? {
    (try? FileManager.default.attributesOfItem(atPath: file.path))?[.size] as? Int
}

func exists(_ file: URL) -> Bool { FileManager.default.fileExists(atPath: file.path) }

func part(_ file: URL) -> URL { URL(fileURLWithPath: file.path + ".part") }
