import Foundation
import Testing
import TestSupport
import LumaDemo
import LumaKit

@Suite(.startsProcesses) struct WatchCommandTests {
    /// Index of the first line containing `word` after `start`, if any.
    private func index(of word: String, in lines: [String], after start: Int = -1) -> Int? {
        lines.indices.first { $0 > start && lines[$0].contains(word) }
    }

    @Test func followsAGenerationToCompletion() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("job-1", [answer("job-1", .pending, prompt: "cat dance"),
                                       answer("job-1", .processing, prompt: "cat dance"),
                                       answer("job-1", .completed, prompt: "cat dance")])
        let run = await runLumatop(["watch", "--exit-status", "--timeout", "30", "--interval", "1",
                                    "--base-url", server.baseURL, "job-1"], env: sandbox.env())
        #expect(run.status == 0, describe(run))
        let lines = run.lines.filter { !$0.hasPrefix("summary") }
        #expect(lines.count == 3 && run.lines.count == 4, "three changes and a summary: \(describe(run))")
        let pending = index(of: "pending", in: lines)
        let processing = pending.flatMap { index(of: "processing", in: lines, after: $0) }
        let completed = processing.flatMap { index(of: "completed", in: lines, after: $0) }
        #expect(pending != nil && processing != nil && completed != nil, "not in order: \(describe(run))")
        #expect(lines.allSatisfy { $0.contains("job-1") })
        if let completed {
            #expect(lines[completed].contains("1360×752"))
            #expect(lines[completed].contains("https://cdn.example/job-1/raw.mp4"), "the download URL")
        }
        // Finished: not polled again.
        #expect(server.script.requests(for: "job-1").count == 3)
    }

    @Test func aFailedGenerationExitsOne() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("bad-1", [answer("bad-1", .processing), answer("bad-1", .failed)])
        server.script.script("good-1", [answer("good-1", .completed)])
        let run = await runLumatop(["watch", "--exit-status", "--timeout", "30", "--interval", "1",
                                    "--base-url", server.baseURL, "bad-1", "good-1"], env: sandbox.env())
        #expect(run.status == 1, describe(run))
        #expect(run.lines.contains { $0.contains("bad-1") && $0.contains("failed")
                                     && $0.contains("content moderation: prompt rejected") }, describe(run))
        #expect(run.lines.contains { $0.contains("good-1") && $0.contains("completed") }, describe(run))

        // Without --exit-status the same watch exits 0.
        let server2 = try ScriptedServer()
        server2.script.script("bad-1", [answer("bad-1", .failed)])
        let plain = await runLumatop(["watch", "--timeout", "30", "--interval", "1", "--base-url", server2.baseURL, "bad-1"],
                                     env: sandbox.env())
        #expect(plain.status == 0, describe(plain))
        #expect(plain.lines.contains { $0.contains("failed") }, describe(plain))
    }

    @Test func anUnknownIDEndsTheWatchWithOne() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let run = await runLumatop(["watch", "--exit-status", "--timeout", "30", "--interval", "1",
                                    "--base-url", server.baseURL, "nobody-knows"], env: sandbox.env())
        #expect(run.status == 1, describe(run))
        #expect(run.lines.contains { $0.contains("nobody-knows") && $0.contains("not found") }, describe(run))
        #expect(server.requestedIDs == ["nobody-knows"])
    }

    @Test func aGenerationThatNeverFinishesTimesOutWith124() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("slow-1", [answer("slow-1", .processing)])
        let run = await runLumatop(["watch", "--exit-status", "--timeout", "3", "--interval", "1",
                                    "--base-url", server.baseURL, "slow-1"], env: sandbox.env())
        #expect(run.status == 124, describe(run))
        #expect(run.stderr.contains("timed out"), describe(run))
        #expect(run.lines.count == 2, "one change and the summary: \(describe(run))")
        #expect(run.lines.first?.contains("processing") == true, describe(run))
        // It kept polling at the interval meanwhile.
        #expect(server.script.requests(for: "slow-1").count >= 2)

        // Without --exit-status a timeout is not an error.
        let plain = await runLumatop(["watch", "--timeout", "2", "--interval", "1", "--base-url", server.baseURL, "slow-1"],
                                     env: sandbox.env())
        #expect(plain.status == 0, describe(plain))
    }

    @Test func signalsBlockedByWhoeverStartedItStillStopIt() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("held-1", [answer("held-1", .processing)])
        // A launcher's worker thread may start us with SIGTERM blocked; the mask is inherited.
        let watch = try startLumatop(["watch", "--timeout", "120", "--interval", "1", "--base-url", server.baseURL,
                                        "held-1"], env: sandbox.env(), blocking: [SIGTERM, SIGHUP, SIGINT])
        await eventually("the watch to poll") { !server.script.requests(for: "held-1").isEmpty }
        kill(watch.pid, SIGTERM)
        let run = await watch.finish(timeout: 30)
        #expect(!run.timedOut && run.status == 128 + SIGTERM, describe(run))
    }

    @Test func jsonPrintsTheStatusObjectForEachChange() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("js-1", [answer("js-1", .pending), answer("js-1", .completed)])
        let run = await runLumatop(["watch", "--json", "--exit-status", "--timeout", "30", "--interval", "1",
                                    "--base-url", server.baseURL, "js-1"], env: sandbox.env())
        #expect(run.status == 0, describe(run))
        let objects = jsonObjects(run).filter { $0["summary"] == nil }
        #expect(objects.count == 2 && run.lines.count == 3, "two changes and a summary: \(describe(run))")
        for (line, object) in zip(run.lines, objects) {
            #expect(Set(object.keys) == Set(StatusReport.keys), "\(line)")
            #expect(keyOrder(line) == StatusReport.keys, "\(line)")
            #expect(object["id"] as? String == "js-1")
        }
        #expect(objects.compactMap { $0["state"] as? String } == ["pending", "completed"], describe(run))
        #expect((objects.last?["palette"] as? [String])?.first == "#123456")
        #expect(isNull(objects.first?["palette"]))
    }

    @Test func watchWithNoIDsWatchesTheTrackedListAndSavesAnswers() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let dir = ["--state-dir", sandbox.stateDir.path]
        server.script.script("t-1", [answer("t-1", .processing), answer("t-1", .completed)])
        server.script.script("t-2", [answer("t-2", .completed)])
        let track = await runLumatop(["track", "t-1", "t-2"] + dir, env: sandbox.env())
        #expect(track.status == 0, describe(track))
        let run = await runLumatop(["watch", "--exit-status", "--timeout", "30", "--interval", "1",
                                    "--base-url", server.baseURL] + dir, env: sandbox.env())
        #expect(run.status == 0, describe(run))
        #expect(Set(server.requestedIDs) == ["t-1", "t-2"])
        let list = await runLumatop(["list", "--json"] + dir, env: sandbox.env())
        #expect(jsonObjects(list).compactMap { $0["state"] as? String } == ["completed", "completed"], describe(list))

        // Finished answers are known from the file: a second watch asks nothing.
        let before = server.script.requests.count
        let again = await runLumatop(["watch", "--exit-status", "--timeout", "30", "--interval", "1",
                                      "--base-url", server.baseURL] + dir, env: sandbox.env())
        #expect(again.status == 0, describe(again))
        #expect(server.script.requests.count == before, "finished generations were fetched again")
    }

    @Test func demoWatchEndsWithOneFailure() async throws {
        let sandbox = try Sandbox()
        let run = await runLumatop(["watch", "--demo", "--exit-status", "--timeout", "120", "--interval", "1"],
                                   env: sandbox.env(key: nil, ["LUMATOP_DEMO_TIMESCALE": "20"]), timeout: 150)
        #expect(run.status == 1, describe(run))
        #expect(run.lines.contains { $0.contains("completed") }, describe(run))
        let failed = run.lines.filter { $0.contains("  failed") && !$0.hasPrefix("summary") }
        #expect(failed.count == 1, describe(run))
        #expect(failed.first?.contains("content moderation") == true, describe(run))
        #expect(!FileManager.default.fileExists(atPath: sandbox.defaultStateFile.path))
    }

    /// The time of a line is in the zone `TZ` names (read through the C library, not Foundation).
    @Test func linesTellTheTimeInTheZoneOfTZ() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("tz-1", [answer("tz-1", .completed)])
        let start = Date()
        let run = await runLumatop(["watch", "--exit-status", "--timeout", "30", "--base-url", server.baseURL, "tz-1"],
                                   env: sandbox.env(["TZ": "Asia/Kolkata"]))
        let end = Date()
        #expect(run.status == 0, describe(run))
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Asia/Kolkata")
        f.dateFormat = "HH:mm:ss"
        let seconds = stride(from: start.timeIntervalSince1970.rounded(.down) - 1, through: end.timeIntervalSince1970 + 1, by: 1)
        let clocks = Set(seconds.map { f.string(from: Date(timeIntervalSince1970: $0)) })
        let first = try #require(run.lines.first?.split(separator: " ").first, describe(run))
        #expect(clocks.contains(String(first)), "\(clocks) \(describe(run))")
    }
}
