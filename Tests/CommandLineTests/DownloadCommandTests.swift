import Foundation
import Testing
import TestSupport
import LumaDemo
import LumaKit

/// Media files on loopback, by name; records what each request carried.
final class MediaFiles: @unchecked Sendable {
    let server: DemoServer
    let seen = Locked([DemoRequest]())

    init(_ files: [String: Data]) throws {
        let seen = self.seen
        server = DemoServer(handler: { request in
            seen.withLock { $0.append(request) }
            guard let body = files[String(request.path.dropFirst())] else { return .text(404, "no such file") }
            return DemoResponse(status: 200, headers: [("Content-Type", "video/mp4")], body: body)
        })
        try server.start()
    }

    func url(_ name: String) -> String { "\(server.baseURL)/\(name)" }
    deinit { server.stop() }
}

/// A completed generation whose media live on `media`.
func completed(_ id: String, prompt: String, rawURL: String, videoURL: String) -> DemoResponse {
    .generation(Generation(id: id, state: .completed, prompt: prompt, aspectRatio: "16:9",
                           video: Media(url: videoURL, width: 1360, height: 752),
                           videoRaw: Media(url: rawURL, width: 1360, height: 752, duration: 5.041667)))
}

@Suite(.startsProcesses) struct DownloadCommandTests {
    let one = Data((0..<150_000).map { UInt8(truncatingIfNeeded: $0 &* 13) })
    let two = Data((0..<90_000).map { UInt8(truncatingIfNeeded: $0 &* 5) })

    @Test func savesEveryVideoPrintsPathsAndNeverSendsTheKeyToTheMediaHost() async throws {
        let sandbox = try Sandbox()
        let media = try MediaFiles(["one-raw.mp4": one, "two-raw.mp4": two])
        let server = try ScriptedServer()
        server.script.script("aaaa1111-0001", [completed("aaaa1111-0001", prompt: "Cat dance!", rawURL: media.url("one-raw.mp4"),
                                                         videoURL: media.url("watermarked.mp4"))])
        server.script.script("bbbb2222-0002", [completed("bbbb2222-0002", prompt: "../../etc/passwd\u{1B}[2J", rawURL: media.url("two-raw.mp4"),
                                                         videoURL: media.url("watermarked.mp4"))])
        let out = sandbox.file("videos/new")
        let run = await runLumatop(["download", "--base-url", server.baseURL, "--output", out.path, "aaaa1111-0001", "bbbb2222-0002"],
                                   env: sandbox.env())
        #expect(run.status == 0, describe(run))
        let first = out.appendingPathComponent("aaaa1111-cat-dance.mp4")
        let second = out.appendingPathComponent("bbbb2222-etc-passwd-2j.mp4")
        #expect(Set(run.lines) == [first.path, second.path], describe(run))
        #expect(try Data(contentsOf: first) == one, "video_raw is preferred over the watermarked video")
        #expect(try Data(contentsOf: second) == two)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == [first.lastPathComponent, second.lastPathComponent])
        #expect(media.seen.current.allSatisfy { $0.header("Authorization") == nil })
        // Not a terminal: plain lines on stderr.
        #expect(run.stderr.contains("saved aaaa1111 → \(first.path)"), describe(run))
        #expect(!run.stderr.contains("\u{1B}["), "no cursor movement into a file")

        // Again: already saved, so its path and no second copy.
        let asked = media.seen.current.count
        let again = await runLumatop(["download", "--base-url", server.baseURL, "-o", out.path, "aaaa1111-0001"], env: sandbox.env())
        #expect(again.status == 0, describe(again))
        #expect(again.lines == [first.path], describe(again))
        #expect(again.stderr.contains("already saved aaaa1111 → \(first.path)"), describe(again))
        #expect(media.seen.current.count == asked, "not fetched again")

        // A file at that name that is not this download's is never overwritten: a new name instead.
        try FileManager.default.removeItem(at: first)
        try Data("mine".utf8).write(to: first)
        let third = await runLumatop(["download", "--base-url", server.baseURL, "-o", out.path, "aaaa1111-0001"], env: sandbox.env())
        #expect(third.status == 0, describe(third))
        #expect(third.lines == [out.appendingPathComponent("aaaa1111-cat-dance-1.mp4").path], describe(third))
        #expect(try Data(contentsOf: first) == Data("mine".utf8))
    }

    @Test func anythingNotSavedExitsOneAndTheRestAreStillSaved() async throws {
        let sandbox = try Sandbox()
        let media = try MediaFiles(["one.mp4": one])
        let server = try ScriptedServer()
        server.script.script("good-0001", [completed("good-0001", prompt: "ok", rawURL: media.url("one.mp4"), videoURL: media.url("one.mp4"))])
        server.script.script("busy-0002", [answer("busy-0002", .processing)])
        server.script.script("gone-0003", [completed("gone-0003", prompt: "gone", rawURL: media.url("missing.mp4"), videoURL: media.url("missing.mp4"))])
        let out = sandbox.file("out")
        let run = await runLumatop(["download", "--base-url", server.baseURL, "--output", out.path,
                                    "good-0001", "busy-0002", "gone-0003", "unknown-0004"], env: sandbox.env())
        #expect(run.status == 1, describe(run))
        #expect(run.lines == [out.appendingPathComponent("good-000-ok.mp4").path], describe(run))
        #expect(run.stderr.contains("busy-0002 is processing: nothing to download yet"), describe(run))
        #expect(run.stderr.contains("gone-0003: the media host answered HTTP 404"), describe(run))
        #expect(run.stderr.contains("unknown-0004: not found"), describe(run))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("gone-000-gone.mp4").path))
    }

    @Test func theDefaultFolderAndTheSavedPathWithATrackedGeneration() async throws {
        let sandbox = try Sandbox()
        let media = try MediaFiles(["one.mp4": one])
        let server = try ScriptedServer()
        server.script.script("kept-0001", [completed("kept-0001", prompt: "kept", rawURL: media.url("one.mp4"), videoURL: media.url("one.mp4"))])
        #expect(await runLumatop(["track", "kept-0001"], env: sandbox.env()).status == 0)
        let xdg = sandbox.file("xdg-downloads")
        let run = await runLumatop(["download", "--base-url", server.baseURL, "kept-0001"],
                                   env: sandbox.env(["XDG_DOWNLOAD_DIR": xdg.path]))
        #expect(run.status == 0, describe(run))
        let saved = xdg.appendingPathComponent("lumatop/kept-000-kept.mp4")
        #expect(run.lines == [saved.path], describe(run))
        let record = try TrackedList(directory: sandbox.defaultStateFile.deletingLastPathComponent()).load().records.first
        #expect(record?.savedPath == saved.path, "\(String(describing: record))")

        // Saved and still there: said so, wherever the folder would be now.
        let again = await runLumatop(["download", "--base-url", server.baseURL, "kept-0001"], env: sandbox.env())
        #expect(again.status == 0, describe(again))
        #expect(again.lines == [saved.path], describe(again))
        #expect(again.stderr.contains("already saved kept-000 → \(saved.path)"), describe(again))

        // Deleted since, without XDG_DOWNLOAD_DIR: fetched again into ~/Downloads/lumatop.
        try FileManager.default.removeItem(at: saved)
        let home = await runLumatop(["download", "--base-url", server.baseURL, "kept-0001"], env: sandbox.env())
        #expect(home.lines == [sandbox.home.appendingPathComponent("Downloads/lumatop/kept-000-kept.mp4").path], describe(home))
    }

    @Test func usageErrorsExitTwo() async throws {
        let sandbox = try Sandbox()
        #expect(await runLumatop(["download"], env: sandbox.env()).status == 2, "an id is required")
        #expect(await runLumatop(["download", "bad id!"], env: sandbox.env()).status == 2)
        #expect(await runLumatop(["download", "kept-0001"], env: sandbox.env(key: nil)).status == 2, "no key")
    }
}

@Suite(.startsProcesses) struct OnCompleteTests {
    @Test func watchRunsTheCommandWithTheGenerationInItsEnvironment() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("job-1", [answer("job-1", .pending), answer("job-1", .completed)])
        server.script.script("job-2", [answer("job-2", .processing), answer("job-2", .failed)])
        let out = sandbox.file("hooks")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        // The command is the user's; the server's data arrives only as variables.
        let command = #"env | grep '^LUMATOP_' | sort > "\#(out.path)/$LUMATOP_ID.env"; echo hook-ran"#
        let run = await runLumatop(["watch", "--exit-status", "--timeout", "30", "--interval", "1", "--base-url", server.baseURL,
                                    "--on-complete", command, "job-1", "job-2"], env: sandbox.env())
        #expect(run.status == 1, "job-2 failed: \(describe(run))")
        let one = try String(contentsOf: out.appendingPathComponent("job-1.env"), encoding: .utf8)
        #expect(one.contains("LUMATOP_ID=job-1\n"))
        #expect(one.contains("LUMATOP_STATE=completed\n"))
        #expect(one.contains("LUMATOP_VIDEO_URL=https://cdn.example/job-1/video.mp4\n"), "\(one)")
        let two = try String(contentsOf: out.appendingPathComponent("job-2.env"), encoding: .utf8)
        #expect(two.contains("LUMATOP_STATE=failed\n"))
        #expect(two.contains("LUMATOP_VIDEO_URL=\n"))
        // Its output goes to stderr: stdout stays the watch's own lines.
        #expect(!run.stdout.contains("hook-ran"))
        #expect(run.stderr.contains("hook-ran"), describe(run))
    }
}
