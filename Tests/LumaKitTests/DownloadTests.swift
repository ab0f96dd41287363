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

    init(video: Data, ranges: Bool = true) throws {
        self.video = video
        let seen = self.seen
        let answer = ranges ? MediaAnswer.honest(video) : MediaAnswer.whole(video)
        server = DemoServer(handler: { request in
            seen.withLock { $0.append(request) }
            guard request.path == "/media/v.mp4" else { return .text(404, "no such file") }
            return answer(request)
        })
        try server.start()
    }

    var url: String { "\(server.baseURL)/media/v.mp4" }
    deinit { server.stop() }
}

@Suite struct DownloadTests {
    let video = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })

    @Test func wholeFileLandsUnderItsNameAndNoKeyIsSent() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = try MediaHost(video: video)
        let file = dir.appendingPathComponent("abc.mp4")
        let seen = Locked([DownloadProgress]())
        let result = fetch(host.url, to: file) { p in seen.withLock { $0.append(p) } }
        #expect(try result.get() == file)
        #expect(try Data(contentsOf: file) == video)
        #expect(!exists(part(file)))
        #expect(seen.current.last == DownloadProgress(received: Int64(video.count), total: Int64(video.count)))
        #expect(host.seen.current.allSatisfy { $0.header("Authorization") == nil })
    }

    @Test func aBodyCutShortStaysAPartAndResumesWithRangeToTheRightFile() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = try ScriptedMediaHost([MediaAnswer.cut(video, after: 100_000), MediaAnswer.honest(video)])
        let file = dir.appendingPathComponent("abc.mp4")
        #expect(fetch(host.url, to: file) == .failure(.sizeMismatch(expected: 300_000, got: 100_000)))
        #expect(!exists(file), "an incomplete body is never saved")
        #expect(size(part(file)) == 100_000)
        #expect(try fetch(host.url, to: file).get() == file)
        #expect(try Data(contentsOf: file) == video)
        #expect(host.ranges == [nil, "bytes=100000-"])
    }

    @Test func aPartWithNoKnownTotalStartsOverWithoutRange() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = try MediaHost(video: video)
        let file = dir.appendingPathComponent("abc.mp4")
        // Left by someone else, or by a lumatop that noted no total: what it holds is unknown.
        try Data(repeating: 0xFF, count: 5_000).write(to: part(file))
        #expect(try fetch(host.url, to: file).get() == file)
        #expect(try Data(contentsOf: file) == video, "the stale .part was replaced, not appended to")
        #expect(host.seen.current.map { $0.header("Range") } == [nil])
    }

    @Test func aHostIgnoringRangeIsFetchedWhole() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = try ScriptedMediaHost([MediaAnswer.cut(video, after: 10_000), MediaAnswer.whole(video)])
        let file = dir.appendingPathComponent("abc.mp4")
        _ = fetch(host.url, to: file)
        #expect(try fetch(host.url, to: file).get() == file)
        #expect(try Data(contentsOf: file) == video)
        #expect(host.ranges == [nil, "bytes=10000-"])
    }

    @Test func aPartTheHostCannotResumeIsStartedAgain() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let video = self.video
        let host = try ScriptedMediaHost([MediaAnswer.cut(video, after: 10_000), { request in
            request.header("Range") == nil ? DemoResponse(status: 200, body: video) : .text(416, "range not satisfiable")
        }])
        let file = dir.appendingPathComponent("abc.mp4")
        _ = fetch(host.url, to: file)
        #expect(try fetch(host.url, to: file).get() == file)
        #expect(try Data(contentsOf: file) == video)
        #expect(host.ranges == [nil, "bytes=10000-", nil])
    }

    @Test func missingMediaIsAnHTTPError() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = try MediaHost(video: video)
        let file = dir.appendingPathComponent("abc.mp4")
        #expect(fetch(host.server.baseURL + "/media/gone.mp4", to: file) == .failure(.http(404)))
        #expect(!exists(file))
        #expect(!exists(part(file)))
    }

    @Test func namesComeFromTheIDAndAnASCIISlugNeverTheServer() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(DownloadName.slug("Cat Dance!") == "cat-dance")
        #expect(DownloadName.slug("../../etc/passwd\u{1B}[2J") == "etc-passwd-2j")
        #expect(DownloadName.slug("一段海边日落的视频") == "")
        #expect(DownloadName.slug(String(repeating: "lighthouse ", count: 10)).count <= 40)
        #expect(!DownloadName.slug(String(repeating: "lighthouse ", count: 10)).hasSuffix("-"))
        let name = { (id: String, prompt: String) in DownloadName.place(id: id, prompt: prompt, in: dir) }
        let first = dir.appendingPathComponent("4665a07c-cat-dance.mp4")
        #expect(name("4665a07c-7641", "Cat dance") == .write(first))
        try Data().write(to: first)
        #expect(name("4665a07c-7641", "Cat dance") == .write(dir.appendingPathComponent("4665a07c-cat-dance-1.mp4")))
        #expect(name("4665a07c", "一段") == .write(dir.appendingPathComponent("4665a07c.mp4")))
        // An unfinished download of the same name is resumed, not skipped.
        try Data().write(to: dir.appendingPathComponent("4665a07c-cat-dance-1.mp4.part"))
        #expect(name("4665a07c", "Cat dance") == .write(dir.appendingPathComponent("4665a07c-cat-dance-1.mp4")))
    }
}

