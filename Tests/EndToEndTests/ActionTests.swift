import Foundation
import Testing
import TestSupport
import LumaDemo
import LumaKit

/// Downloading, opening, copying and finishing, in a real terminal.
@Suite(.drivesTerminal) struct ActionTests {
    let scratch = ScratchDirectory()
    var home: String { scratch.path }
    var env: [String: String] { ["HOME": home, "XDG_STATE_HOME": home + "/state", "TERM": "tmux-256color", "LANG": "C.UTF-8"] }

    /// One completed generation whose video lives on a slow loopback media host.
    func mediaAndService(video: Data, trickle: (bytes: Int, every: TimeInterval)?,
                         videoURL: String? = nil) throws -> (media: DemoServer, script: ScriptedService, api: DemoServer) {
        let media = DemoServer(handler: { request in
            guard request.path == "/v/raw.mp4" else { return .text(404, "no such file") }
            var r = DemoResponse(status: 200, headers: [("Content-Type", "video/mp4")], body: video)
            r.trickle = trickle
            return r
        })
        try media.start()
        let script = ScriptedService(apiKey: "e2e-key")
        let g = Generation(id: "done0001-aaaa", state: .completed, prompt: "Cat dance!", aspectRatio: "16:9",
                           video: Media(url: videoURL ?? "\(media.baseURL)/v/video.mp4", width: 1360, height: 752),
                           videoRaw: Media(url: "\(media.baseURL)/v/raw.mp4", duration: 5.04))
        script.script("done0001-aaaa", [.generation(g)])
        return (media, script, try script.serve())
    }

    func dashboard(_ api: DemoServer, state: String, extra: String = "", prefix: String = "") async -> Tmux {
        var e = env
        e["QUICKROUTER_API_KEY"] = "e2e-key"
        return await Tmux(width: 120, height: 40,
                          command: "\(prefix)\(lumatopBinary) --base-url \(api.baseURL) --state-dir \(state) --interval 1 \(extra) done0001-aaaa",
                          env: e)
    }

    @Test func dDownloadsWithProgressThenMarksAndRemembersTheFile() async throws {
        let video = Data((0..<400_000).map { UInt8(truncatingIfNeeded: $0 &* 11) })
        // 400 kB at 10 kB every 100 ms: four seconds of progress to see.
        let (media, _, api) = try mediaAndService(video: video, trickle: (bytes: 10_000, every: 0.1))
        defer { media.stop(); api.stop() }
        let state = home + "/dl-state", folder = home + "/videos"
        let t = await dashboard(api, state: state, extra: "--download-dir \(folder)")
        await t.waitFor(text: "✔ completed")
        await t.keys("d")
        await t.waitFor("progress in the row and the detail") { s in
            s.contains("saving") && s.split(separator: "\n").contains { $0.contains("done0001") && $0.contains("%") }
        }
        // Quitting now would lose nothing, but asks first.
        await t.keys("q")
        await t.waitFor(text: "quit? (y/n)")
        await t.keys("n")
        await t.waitFor("the saved mark") { $0.contains("✔ completed  ↓ done0001") }
        let file = folder + "/done0001-cat-dance.mp4"
        #expect(FileManager.default.contents(atPath: file) == video)
        #expect(!FileManager.default.fileExists(atPath: file + ".part"))
        await t.waitFor(text: "saved  ")
        await t.keys("q")
        await t.waitFor(text: "EXIT=0")
        let kept = try TrackedList(directory: URL(fileURLWithPath: state)).load().records.compactMap(\.savedPath)
        #expect(kept == [file], "the path is kept with the generation: \(kept)")

        // The next run shows the mark at once, and d says where the file is.
        let again = await dashboard(api, state: state, extra: "--download-dir \(folder)")
        await again.waitFor("the mark from the file") { $0.contains("✔ completed  ↓ done0001") }
        await again.keys("d")
        await again.waitFor(text: "already saved: \(file)")
        await again.keys("q")
        await again.waitFor(text: "EXIT=0")
    }

    @Test func cCancelsARunningDownloadKeepingThePart() async throws {
        let video = Data((0..<400_000).map { UInt8(truncatingIfNeeded: $0 &* 13) })
        let (media, _, api) = try mediaAndService(video: video, trickle: (bytes: 10_000, every: 0.1))
        defer { media.stop(); api.stop() }
        let folder = home + "/videos"
        let t = await dashboard(api, state: home + "/cancel-state", extra: "--download-dir \(folder)")
        await t.waitFor(text: "✔ completed")
        await t.keys("d")
        await t.waitFor(text: "saving")
        await t.keys("c")
        await t.waitFor(text: "cancelled the download of done0001")
        await t.waitFor("the progress gone") { !$0.contains("saving") }
        let file = folder + "/done0001-cat-dance.mp4"
        let part = (try? FileManager.default.attributesOfItem(atPath: file + ".part"))?[.size] as? Int ?? 0
        #expect(part > 0 && part < video.count, "the .part stays to resume: \(part) bytes")
        #expect(!FileManager.default.fileExists(atPath: file))
        #expect(await !t.screen().contains("↓ done0001"), "not marked saved")
        // Nothing is running any more, so q does not ask.
        await t.keys("q")
        await t.waitFor(text: "EXIT=0")
    }

    @Test func dSaysWhenAnotherLumatopIsDownloadingTheSameVideo() async throws {
        let video = Data((0..<400_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let (media, _, api) = try mediaAndService(video: video, trickle: (bytes: 10_000, every: 0.1))
        defer { media.stop(); api.stop() }
        let folder = home + "/shared-videos"
        // Spawn keeps the key out of a child's environment: this one reads it from a file.
        let keyFile = home + "/lock-key"
        try "e2e-key\n".write(toFile: keyFile, atomically: true, encoding: .utf8)
        chmod(keyFile, 0o600)
        let other = try ChildProcess([lumatopBinary, "download", "--base-url", api.baseURL, "--api-key-file", keyFile, "-o", folder,
                                     "done0001-aaaa"], environment: env)
        let file = folder + "/done0001-cat-dance.mp4"
        await eventually("bytes in the other's .part") { ((try? FileManager.default.attributesOfItem(atPath: file + ".part"))?[.size] as? Int ?? 0) > 0 }
        let t = await dashboard(api, state: home + "/lock-state", extra: "--download-dir \(folder)")
        await t.waitFor(text: "✔ completed")
        await t.keys("d")
        await t.waitFor(text: "done0001 is already being downloaded by another lumatop")
        #expect(await other.finish().status == 0)
        #expect(FileManager.default.contents(atPath: file) == video)
        await t.keys("q")
        await t.waitFor(text: "EXIT=0")
    }

    @Test func yCopiesTheChosenURLWithOSC52() async throws {
        let (media, _, api) = try mediaAndService(video: Data([1, 2, 3]), trickle: nil)
        defer { media.stop(); api.stop() }
        let t = await dashboard(api, state: home + "/copy-state")
        await t.waitFor(text: "✔ completed")
        // tmux takes OSC 52 from its panes into a paste buffer when set-clipboard is on.
        await t.tmux("set", "-g", "set-clipboard", "on")
        await t.keys("y")
        await t.waitFor(text: "copied the video URL")
        #expect(await t.tmux("show-buffer").out == "\(media.baseURL)/v/video.mp4")
        await t.keys("u", "y")  // no download URL here: u skips to the raw video
        await t.waitFor(text: "copied the raw video URL")
        #expect(await t.tmux("show-buffer").out == "\(media.baseURL)/v/raw.mp4")
        #expect(await t.screen().contains("▸raw video"), "the chosen URL is marked in the detail pane")
        await t.keys("q")
        await t.waitFor(text: "EXIT=0")
    }

    /// A folder with an `xdg-open` that writes its argument count and arguments to the log, and
    /// its environment to the log's `.env` (the key must not be in it).
    func fakeOpener() throws -> (ScratchDirectory, log: String) {
        let dir = ScratchDirectory()
        let log = dir.path + "/opened.log"
        try "#!/bin/sh\nenv > '\(log).env'\nprintf '%s\\n' \"$#\" \"$@\" > '\(log)'\n"
            .write(toFile: dir.path + "/xdg-open", atomically: true, encoding: .utf8)
        chmod(dir.path + "/xdg-open", 0o755)
        return (dir, log)
    }

    @Test func oRunsTheOpenerWithTheURLAsOneArgumentOrSaysThereIsNone() async throws {
        let (binDirectory, log) = try fakeOpener()
        let bin = binDirectory.path
        let hostile = "https://cdn.example/a%20b/$(touch$IFS$9\(bin)/pwned);x.mp4"
        let (media, _, api) = try mediaAndService(video: Data([1]), trickle: nil, videoURL: hostile)
        defer { media.stop(); api.stop() }
        let t = await dashboard(api, state: home + "/open-state", prefix: "env -u BROWSER PATH=\(bin):/usr/bin:/bin ")
        await t.waitFor(text: "✔ completed")
        await t.keys("o")
        await t.waitFor(text: "opening the video URL")
        await eventually("the opener's log") { FileManager.default.fileExists(atPath: log) }
        #expect((try? String(contentsOfFile: log, encoding: .utf8)) == "1\n\(hostile)\n")
        #expect(!FileManager.default.fileExists(atPath: bin + "/pwned"), "no shell saw the URL")
        let openerEnv = (try? String(contentsOfFile: log + ".env", encoding: .utf8)) ?? ""
        #expect(openerEnv.contains("PATH="), "\(openerEnv)")
        #expect(!openerEnv.contains("e2e-key") && !openerEnv.contains("QUICKROUTER_API_KEY"), "\(openerEnv)")
        await t.keys("q")
        await t.waitFor(text: "EXIT=0")

        // No opener at all: said so, with the URL.
        let none = await dashboard(api, state: home + "/open-state", prefix: "env -u BROWSER PATH=/nonexistent ")
        await none.waitFor(text: "✔ completed")
        await none.keys("o")
        await none.waitFor(text: "no opener: set BROWSER or install xdg-open; the URL: https://cdn.example/a%20b/")
        await none.keys("q")
        await none.waitFor(text: "EXIT=0")
    }

    @Test func oAndYRefuseWhatIsNotAWebURL() async throws {
        let (binDirectory, log) = try fakeOpener()
        let bin = binDirectory.path
        let (media, _, api) = try mediaAndService(video: Data([1]), trickle: nil, videoURL: "javascript:alert(document.cookie)")
        defer { media.stop(); api.stop() }
        let t = await dashboard(api, state: home + "/refuse-state", prefix: "env -u BROWSER PATH=\(bin):/usr/bin:/bin ")
        await t.waitFor(text: "✔ completed")
        await t.tmux("set", "-g", "set-clipboard", "on")
        await t.keys("o")
        await t.waitFor(text: "refused to open the video URL: only http and https URLs leave lumatop, not javascript:")
        await t.keys("y")
        await t.waitFor(text: "refused to copy the video URL: only http and https URLs leave lumatop, not javascript:")
        let bar = await t.screen().split(separator: "\n").first { $0.contains("refused to copy") } ?? ""
        #expect(!bar.contains("alert"), "the URL itself is not repeated in the bar: \(bar)")
        #expect(await !t.tmux("show-buffer").out.contains("alert"), "nothing reached the clipboard")
        #expect(!FileManager.default.fileExists(atPath: log), "no opener ran")
        // The raw video's URL is a web URL: u chooses it, and o opens it.
        await t.keys("u", "o")
        await t.waitFor(text: "opening the raw video URL")
        await eventually("the opener's log") { FileManager.default.fileExists(atPath: log) }
        #expect((try? String(contentsOfFile: log, encoding: .utf8)) == "1\n\(media.baseURL)/v/raw.mp4\n")
        await t.keys("q")
        await t.waitFor(text: "EXIT=0")
    }

    @Test func aGenerationFinishingRunsOnCompleteAndSaysSo() async throws {
        let script = ScriptedService(apiKey: "e2e-key")
        script.script("late0001-bbbb", [.generation(Generation(id: "late0001-bbbb", state: .processing, prompt: "slow one")),
                                        .generation(Generation(id: "late0001-bbbb", state: .processing, prompt: "slow one")),
                                        .generation(Generation(id: "late0001-bbbb", state: .completed, prompt: "slow one",
                                                               video: Media(url: "https://cdn.example/late.mp4")))])
        let api = try script.serve()
        defer { api.stop() }
        let out = home + "/hook.env"
        var e = env
        e["QUICKROUTER_API_KEY"] = "e2e-key"
        let t = await Tmux(width: 120, height: 40,
                     command: "\(lumatopBinary) --base-url \(api.baseURL) --state-dir \(home)/hook-state --interval 1 --notify "
                        + "--on-complete 'env | grep ^LUMATOP_ | sort > \(out)' late0001-bbbb", env: e)
        await t.waitFor(text: "◐ processing")
        await t.waitFor(text: "late0001 completed: slow one")
        await eventually("the hook's output") { (try? String(contentsOfFile: out, encoding: .utf8))?.contains("LUMATOP_VIDEO_URL") == true }
        let vars = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        #expect(vars.contains("LUMATOP_ID=late0001-bbbb\n"))
        #expect(vars.contains("LUMATOP_STATE=completed\n"))
        #expect(vars.contains("LUMATOP_VIDEO_URL=https://cdn.example/late.mp4\n"))
        await t.keys("q")
        await t.waitFor(text: "EXIT=0")
    }
}
