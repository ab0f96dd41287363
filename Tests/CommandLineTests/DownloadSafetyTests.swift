import Foundation
import Testing
import TestSupport
import LumaDemo
import LumaKit

/// `lumatop download` against hostile answers: URLs that may not leave lumatop, media hosts that
/// answer wrongly, and a second lumatop downloading the same id.
@Suite(.startsProcesses) struct DownloadSafetyTests {
    let video = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 13) })

    func contents(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
    }

    /// A media host giving `answer`, and a service where each id is completed with its video at `path` there.
    func serve(_ ids: [(id: String, path: String)], _ answer: @escaping @Sendable (DemoRequest) -> DemoResponse) throws
        -> (media: DemoServer, service: ScriptedServer) {
        let media = DemoServer(handler: answer)
        try media.start()
        let service = try ScriptedServer()
        for (id, path) in ids {
            service.script.script(id, [completed(id, prompt: "x", rawURL: media.baseURL + path, videoURL: media.baseURL + path)])
        }
        return (media, service)
    }

    @Test func urlsThatMayNotLeaveLumatopAreRefusedAndNothingIsWritten() async throws {
        let sandbox = try Sandbox()
        let media = try MediaFiles(["ok.mp4": video])
        let server = try ScriptedServer()
        let hostile = [
            "file0001": ("file:///etc/passwd", "not file:"),
            "jscr0002": ("javascript:alert(1)", "not javascript:"),
            "data0003": ("data:video/mp4;base64,AAAA", "not data:"),
            "unix0004": ("unix:/tmp/lumatop.sock", "not unix:"),
            "hunx0005": ("http+unix://%2Ftmp%2Flumatop.sock/v.mp4", "not http+unix:"),
            "dash0006": ("--output=/tmp/x", "starts with '-'"),
            "cred0007": ("\(media.url("ok.mp4").replacingOccurrences(of: "http://", with: "http://user:pw@"))", "user name or password"),
            "ctrl0008": ("\(media.url("ok.mp4"))\u{1B}]52;c;cHduZWQ=\u{07}", "refused"),
        ]
        for (id, (url, _)) in hostile {
            server.script.script(id, [completed(id, prompt: "bad", rawURL: url, videoURL: url)])
        }
        let out = sandbox.file("out")
        let run = await runLumatop(["download", "--base-url", server.baseURL, "-o", out.path] + hostile.keys.sorted(), env: sandbox.env())
        #expect(run.status == 1, describe(run))
        #expect(run.stdout.isEmpty, describe(run))
        for (id, (_, why)) in hostile {
            #expect(run.stderr.contains("\(id): refused the video URL: ") && run.stderr.contains(why), "\(id): \(describe(run))")
        }
        #expect(!run.allOutput.contains("\u{1B}"), "the URL is never echoed")
        #expect(!FileManager.default.fileExists(atPath: out.path), "nothing written, not even the folder")
        #expect(media.seen.current.isEmpty, "no request anywhere")

        // With a good one: that one is saved, the exit is still 1.
        server.script.script("good0009", [completed("good0009", prompt: "ok", rawURL: media.url("ok.mp4"), videoURL: media.url("ok.mp4"))])
        let mixed = await runLumatop(["download", "--base-url", server.baseURL, "-o", out.path, "jscr0002", "good0009"], env: sandbox.env())
        #expect(mixed.status == 1, describe(mixed))
        #expect(mixed.lines == [out.appendingPathComponent("good0009-ok.mp4").path], describe(mixed))
        #expect(contents(out) == ["good0009-ok.mp4"])
    }

    @Test func aBodyCutShortIsNeverSavedAndResumesLater() async throws {
        let sandbox = try Sandbox()
        let video = self.video
        let first = Locked(true)
        let (media, server) = try serve([("cut00001", "/v.mp4")]) { request in
            if first.withLock({ f in defer { f = false }; return f }) {
                var r = DemoResponse(status: 200, body: video.prefix(100_000))
                r.framing = .declaredLength(String(video.count))
                return r
            }
            guard let range = request.header("Range"), range == "bytes=100000-" else { return DemoResponse(status: 200, body: video) }
            return DemoResponse(status: 206, headers: [("Content-Range", "bytes 100000-299999/300000")], body: video.suffix(from: 100_000))
        }
        defer { media.stop() }
        let out = sandbox.file("out")
        let file = out.appendingPathComponent("cut00001-x.mp4")
        let run = await runLumatop(["download", "--base-url", server.baseURL, "-o", out.path, "cut00001"], env: sandbox.env())
        #expect(run.status == 1, describe(run))
        #expect(run.stdout.isEmpty, describe(run))
        #expect(run.stderr.contains("cut00001: incomplete: 100000 of 300000 bytes (kept the .part to resume)"), describe(run))
        #expect(contents(out) == ["cut00001-x.mp4.part"])

        let again = await runLumatop(["download", "--base-url", server.baseURL, "-o", out.path, "cut00001"], env: sandbox.env())
        #expect(again.status == 0, describe(again))
        #expect(again.lines == [file.path], describe(again))
        #expect(try Data(contentsOf: file) == video)
        #expect(contents(out) == ["cut00001-x.mp4"])
    }

    @Test func aBodyWithoutLengthOrLastChunkIsNeverSaved() async throws {
        let sandbox = try Sandbox()
        let video = self.video
        let (media, server) = try serve([("clos0001", "/close.mp4"), ("chnk0002", "/chunked.mp4")]) { request in
            var r = DemoResponse(status: 200, body: video)
            r.framing = request.path == "/close.mp4" ? .untilClose : .chunked(lastChunk: false)
            return r
        }
        defer { media.stop() }
        let out = sandbox.file("out")
        let run = await runLumatop(["download", "--base-url", server.baseURL, "-o", out.path, "clos0001", "chnk0002"], env: sandbox.env())
        #expect(run.status == 1, describe(run))
        #expect(run.stdout.isEmpty, describe(run))
        #expect(run.stderr.contains("clos0001: incomplete: the media host closed the connection after 300000 bytes"), describe(run))
        // How much of an unfinished chunked body arrives before the close depends on timing.
        #expect(run.stderr.contains("chnk0002: incomplete: the media host closed the connection after "), describe(run))
        #expect(run.stderr.contains("without a length or a last chunk (kept the .part)"), describe(run))
        #expect(contents(out).allSatisfy { $0.hasSuffix(".part") }, "\(contents(out))")
    }

    @Test func twoProcessesNeverWriteOnePart() async throws {
        let sandbox = try Sandbox()
        let video = self.video
        // The media host holds the first lumatop's request until the second has been refused, so
        // the two overlap however slowly either starts.
        let arrived = Locked(false)
        let gate = DispatchSemaphore(value: 0)
        let (media, server) = try serve([("both0001", "/v.mp4")]) { _ in
            arrived.withLock { $0 = true }
            _ = gate.wait(timeout: .now() + 60)
            var r = DemoResponse(status: 200, body: video)
            r.trickle = (bytes: 20_000, every: 0.1)
            return r
        }
        defer { media.stop() }
        let out = sandbox.file("out")
        let file = out.appendingPathComponent("both0001-x.mp4")
        let args = ["download", "--base-url", server.baseURL, "-o", out.path, "both0001"]
        let one = try startLumatop(args, env: sandbox.env())
        await eventually("the first lumatop's request at the media host") { arrived.current }
        #expect(FileManager.default.fileExists(atPath: file.path + ".part"), "the first holds the .part while it waits")
        let two = await runLumatop(args, env: sandbox.env())
        gate.signal()
        #expect(two.status == 1, describe(two))
        #expect(two.stdout.isEmpty, describe(two))
        #expect(two.stderr.contains("both0001: already being downloaded by another lumatop"), describe(two))
        let first = await one.finish(timeout: 60)
        #expect(first.status == 0, describe(first))
        #expect(first.lines == [file.path], describe(first))
        #expect(try Data(contentsOf: file) == video)
        #expect(contents(out) == ["both0001-x.mp4"])
    }
}
