import Foundation
import Testing
import LumaDemo
@testable import LumaKit

/// A media host on loopback: serves `video` at /media/v.mp4, with or without Range support, and
/// records the headers it was sent.
final class MediaHost: @unchecked Sendable {
    let video: Data
    let server: DemoServer
    let seen = Locked([DemoRequest]())

    init(video: Data, ranges: Bool = true, claimTotal: Int? = nil) throws {
        self.video = video
        let seen = self.seen
        server = DemoServer(handler: { request in
            seen.withLock { $0.append(request) }
            guard request.path == "/media/v.mp4" else { return .text(404, "no such file") }
            if ranges, let range = request.header("Range"), range.hasPrefix("bytes="),
               let start = Int(range.dropFirst(6).split(separator: "-").first ?? ""), start < video.count {
                let total = claimTotal ?? video.count
                return DemoResponse(status: 206, headers: [("Content-Range", "bytes \(start)-\(video.count - 1)/\(total)")],
                                    body: video.subdata(in: start..<video.count))
            }
            return DemoResponse(status: 200, headers: [("Content-Type", "video/mp4")], body: video)
        })
        try server.start()
    }

    var url: String { "\(server.baseURL)/media/v.mp4" }
    deinit { server.stop() }
}

@Suite struct DownloadTests {
    let video = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })

    func fetch(_ url: String, to file: URL) -> (Result<URL, DownloadError>, [DownloadProgress]) {
        let seen = Locked([DownloadProgress]())
        let done = DispatchSemaphore(value: 0)
        let result = Locked(Result<URL, DownloadError>?.none)
        Downloader().download(url, to: file, progress: { p in seen.withLock { $0.append(p) } }) { r in
            result.withLock { $0 = r }
            done.signal()
        }
        done.wait()
        return (result.current!, seen.current)
    }

    @Test func wholeFileLandsUnderItsNameAndNoKeyIsSent() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = try MediaHost(video: video)
        let file = dir.appendingPathComponent("abc.mp4")
        let (result, progress) = fetch(host.url, to: file)
        #expect(try result.get() == file)
        #expect(try Data(contentsOf: file) == video)
        #expect(!FileManager.default.fileExists(atPath: file.path + ".part"))
        #expect(progress.last == DownloadProgress(received: Int64(video.count), total: Int64(video.count)))
        #expect(host.seen.current.allSatisfy { $0.header("Authorization") == nil })
    }

    @Test func interruptedDownloadResumesWithRange() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = try MediaHost(video: video)
        let file = dir.appendingPathComponent("abc.mp4")
        try video.prefix(100_000).write(to: URL(fileURLWithPath: file.path + ".part"))
        let (result, _) = fetch(host.url, to: file)
        #expect(try result.get() == file)
        #expect(try Data(contentsOf: file) == video)
        #expect(host.seen.current.first?.header("Range") == "bytes=100000-")
    }

    @Test func serverWithoutRangeStartsAgain() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = try MediaHost(video: video, ranges: false)
        let file = dir.appendingPathComponent("abc.mp4")
        try Data(repeating: 0xFF, count: 5_000).write(to: URL(fileURLWithPath: file.path + ".part"))
        let (result, _) = fetch(host.url, to: file)
        #expect(try result.get() == file)
        #expect(try Data(contentsOf: file) == video, "the stale .part was replaced, not appended to")
    }

    @Test func sizeMismatchKeepsThePartUnrenamed() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = try MediaHost(video: video, claimTotal: video.count + 500)
        let file = dir.appendingPathComponent("abc.mp4")
        try video.prefix(10).write(to: URL(fileURLWithPath: file.path + ".part"))
        let (result, _) = fetch(host.url, to: file)
        #expect(result == .failure(.sizeMismatch(expected: Int64(video.count + 500), got: Int64(video.count))))
        #expect(!FileManager.default.fileExists(atPath: file.path))
        #expect(FileManager.default.fileExists(atPath: file.path + ".part"))
    }

    @Test func aPartTheHostCannotResumeIsStartedAgain() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let video = self.video
        let host = DemoServer(handler: { request in
            request.header("Range") == nil ? DemoResponse(status: 200, body: video) : .text(416, "range not satisfiable")
        })
        try host.start()
        defer { host.stop() }
        let file = dir.appendingPathComponent("abc.mp4")
        try Data(repeating: 1, count: video.count + 10).write(to: URL(fileURLWithPath: file.path + ".part"))
        let (result, _) = fetch(host.baseURL + "/media/v.mp4", to: file)
        #expect(try result.get() == file)
        #expect(try Data(contentsOf: file) == video)
    }

    @Test func missingMediaIsAnHTTPError() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = try MediaHost(video: video)
        let file = dir.appendingPathComponent("abc.mp4")
        let (result, _) = fetch(host.server.baseURL + "/media/gone.mp4", to: file)
        #expect(result == .failure(.http(404)))
        #expect(!FileManager.default.fileExists(atPath: file.path))
        #expect(!FileManager.default.fileExists(atPath: file.path + ".part"))
    }

    @Test func namesComeFromTheIDAndAnASCIISlugNeverTheServer() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(DownloadName.slug("Cat Dance!") == "cat-dance")
        #expect(DownloadName.slug("../../etc/passwd\u{1B}[2J") == "etc-passwd-2j")
        #expect(DownloadName.slug("一段海边日落的视频") == "")
        #expect(DownloadName.slug(String(repeating: "lighthouse ", count: 10)).count <= 40)
        #expect(!DownloadName.slug(String(repeating: "lighthouse ", count: 10)).hasSuffix("-"))
        let first = DownloadName.file(id: "4665a07c-7641", prompt: "Cat dance", in: dir)
        #expect(first.lastPathComponent == "4665a07c-cat-dance.mp4")
        try Data().write(to: first)
        #expect(DownloadName.file(id: "4665a07c-7641", prompt: "Cat dance", in: dir).lastPathComponent == "4665a07c-cat-dance-1.mp4")
        #expect(DownloadName.file(id: "4665a07c", prompt: "一段", in: dir).lastPathComponent == "4665a07c.mp4")
        // An unfinished download of the same name is resumed, not skipped.
        try Data().write(to: dir.appendingPathComponent("4665a07c-cat-dance-1.mp4.part"))
        #expect(DownloadName.file(id: "4665a07c", prompt: "Cat dance", in: dir).lastPathComponent == "4665a07c-cat-dance-1.mp4")
    }
}

