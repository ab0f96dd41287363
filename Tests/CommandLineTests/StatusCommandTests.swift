import Foundation
import Testing
import TestSupport
import LumaDemo
import LumaKit

@Suite(.startsProcesses) struct StatusCommandTests {
    @Test func jsonLinesCarryExactlyTheDocumentedKeys() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("done-1", [answer("done-1", .completed)])
        server.script.script("wait-2", [answer("wait-2", .pending, prompt: "cat dance")])

        let run = await runLumatop(["status", "--json", "--base-url", server.baseURL, "done-1", "wait-2"], env: sandbox.env())
        #expect(run.status == 0, describe(run))
        #expect(run.lines.count == 2, describe(run))
        let objects = jsonObjects(run)
        try #require(objects.count == 2)
        for (line, object) in zip(run.lines, objects) {
            #expect(Set(object.keys) == Set(StatusReport.keys), "\(line)")
            #expect(object.count == 15)
            #expect(keyOrder(line) == StatusReport.keys, "keys out of the documented order: \(line)")
        }

        let done = objects[0]
        #expect(done["id"] as? String == "done-1")
        #expect(done["state"] as? String == "completed")
        #expect(done["prompt"] as? String == "a fox running through fresh snow")
        #expect(done["aspect_ratio"] as? String == "16:9")
        #expect((done["width"] as? NSNumber)?.intValue == 1360)
        #expect((done["height"] as? NSNumber)?.intValue == 752)
        let duration = try #require((done["duration_seconds"] as? NSNumber)?.doubleValue)
        #expect(abs(duration - 5.041667) < 1e-6)
        #expect(done["video_url"] as? String == "https://cdn.example/done-1/video.mp4")
        #expect(done["download_url"] as? String == "https://cdn.example/done-1/video.mp4?dl=1")
        #expect(done["thumbnail_url"] as? String == "https://cdn.example/done-1/thumb.jpg")
        #expect(done["last_frame_url"] as? String == "https://cdn.example/done-1/last.jpg")
        let palette = try #require(done["palette"] as? [String])
        #expect(palette.count == 25)
        #expect(palette.first == "#123456")
        #expect(palette == testPalette.colors.map(\.hex))
        let hex = try Regex("^#[0-9a-f]{6}$")
        #expect(palette.allSatisfy { $0.wholeMatch(of: hex) != nil }, "\(palette)")
        let created = try #require(done["created_at"] as? String)
        #expect(created.hasPrefix("2024-12-22T13:38:40"))
        #expect(isNull(done["failure_reason"]))
        #expect(isNull(done["error"]))

        let pending = objects[1]
        #expect(pending["id"] as? String == "wait-2")
        #expect(pending["state"] as? String == "pending")
        #expect(pending["prompt"] as? String == "cat dance")
        for key in ["width", "height", "duration_seconds", "video_url", "download_url", "thumbnail_url",
                    "last_frame_url", "palette", "created_at", "failure_reason", "error"] {
            #expect(isNull(pending[key]), "\(key) should be null for a pending generation: \(run.lines[1])")
        }
        #expect(Set(server.requestedIDs) == ["done-1", "wait-2"])
        #expect(server.requestedIDs.count == 2)
    }

    @Test func oneFailingIDExitsOneAndSaysWhich() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("good-1", [answer("good-1", .completed)])
        // "missing-9" has no script: the scripted service answers 404.

        let json = await runLumatop(["status", "--json", "--base-url", server.baseURL, "good-1", "missing-9"],
                                    env: sandbox.env())
        #expect(json.status == 1, describe(json))
        let objects = jsonObjects(json)
        try #require(objects.count == 2, describe(json))
        #expect(objects[0]["state"] as? String == "completed")
        #expect(isNull(objects[0]["error"]))
        #expect(objects[1]["id"] as? String == "missing-9")
        #expect(isNull(objects[1]["state"]))
        let error = try #require(objects[1]["error"] as? String)
        #expect(error.contains("404"), "\(error)")
        #expect(Set(objects[1].keys) == Set(StatusReport.keys))

        // The table form names the failing id on stderr and still lists both.
        let table = await runLumatop(["status", "--base-url", server.baseURL, "good-1", "missing-9"], env: sandbox.env())
        #expect(table.status == 1, describe(table))
        #expect(table.stderr.contains("missing-9"), describe(table))
        #expect(!table.stderr.contains("good-1"), describe(table))
        #expect(table.lines.contains { $0.hasPrefix("missing-9") && $0.contains("not found") }, describe(table))
        #expect(table.lines.contains { $0.hasPrefix("good-1") && $0.contains("completed") }, describe(table))
    }

    @Test func tablePrintsHeaderAndNeverAnEscapeByte() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let hostile = "\u{1B}[2J\u{1B}]0;x\u{07}evil\u{9B}31m prompt\u{1B}P1$q\u{1B}\\"
        server.script.script("esc-1", [answer("esc-1", .completed, prompt: hostile)])
        server.script.script("esc-2", [answer("esc-2", .processing, prompt: "plain")])

        let run = await runLumatop(["status", "--base-url", server.baseURL, "esc-1", "esc-2"], env: sandbox.env())
        #expect(run.status == 0, describe(run))
        try #require(run.lines.count == 3, describe(run))
        let header = run.lines[0]
        #expect(header.hasPrefix("ID"), "\(header)")
        var rest = Substring(header)
        for column in ["STATE", "RESOLUTION", "DURATION", "AGE", "PROMPT"] {
            let found = try #require(rest.range(of: column), "\(column) missing from \(header)")
            rest = rest[found.upperBound...]
        }
        let row = try #require(run.lines.first { $0.hasPrefix("esc-1") })
        #expect(row.contains("completed"))
        #expect(row.contains("1360×752"))
        #expect(row.contains("5.0s"))
        #expect(row.contains("evil"))
        #expect(run.lines.contains { $0.hasPrefix("esc-2") && $0.contains("processing") && $0.contains("plain") })
        // Nothing a terminal would act on: no ESC, no C1 CSI, no BEL.
        let bytes = Array(run.stdout.utf8)
        #expect(!bytes.contains(0x1B), "ESC reached stdout: \(run.stdout.debugDescription)")
        #expect(!bytes.contains(0x07), "BEL reached stdout")
        #expect(!run.stdout.unicodeScalars.contains { (0x80..<0xA0).contains($0.value) }, "C1 control reached stdout")
        #expect(!Array(run.stderr.utf8).contains(0x1B))

        // JSON keeps the text, but escaped: still no raw ESC byte.
        let json = await runLumatop(["status", "--json", "--base-url", server.baseURL, "esc-1"], env: sandbox.env())
        #expect(json.status == 0, describe(json))
        #expect(!Array(json.stdout.utf8).contains(0x1B), "raw ESC in JSON: \(json.stdout.debugDescription)")
        let object = try #require(jsonObjects(json).first)
        #expect(object["prompt"] as? String == hostile)
    }

    @Test func withNoIDsAndNothingTrackedItSaysSo() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let run = await runLumatop(["status", "--base-url", server.baseURL], env: sandbox.env())
        #expect(run.status == 0, describe(run))
        #expect(run.stdout.isEmpty, describe(run))
        #expect(run.stderr.contains("nothing to show"), describe(run))
        #expect(server.script.requests.isEmpty)
    }

    @Test func sendsTheKeyAsBearerWithAcceptAndUserAgent() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("hdr-1", [answer("hdr-1", .completed)])
        let run = await runLumatop(["status", "--json", "--base-url", server.baseURL, "hdr-1"], env: sandbox.env())
        #expect(run.status == 0, describe(run))
        let records = server.script.requests
        try #require(records.count == 1)
        #expect(records[0].id == "hdr-1")
        #expect(records[0].authorization == "Bearer test-key")
        #expect(records[0].accept == "application/json")
        let agent = try #require(records[0].userAgent)
        #expect(agent.hasPrefix("lumatop/"), "\(agent)")
        #expect(agent.count > "lumatop/".count)
        // The key is sent, never printed.
        #expect(!run.allOutput.contains("test-key"))
    }

    @Test func baseURLComesFromTheEnvironmentWhenNoFlag() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("env-1", [answer("env-1", .pending)])
        let run = await runLumatop(["status", "--json", "env-1"], env: sandbox.env(["QUICKROUTER_BASE_URL": server.baseURL]))
        #expect(run.status == 0, describe(run))
        #expect(server.requestedIDs == ["env-1"])
    }

    @Test func rejectedKeyExitsOneAndSaysSo() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("auth-1", [answer("auth-1", .completed)])

        let status = await runLumatop(["status", "--base-url", server.baseURL, "auth-1"], env: sandbox.env(key: "wrong-key"))
        #expect(status.status == 1, describe(status))
        #expect(status.stderr.contains("API key rejected"), describe(status))
        #expect(status.stderr.contains("401"), describe(status))
        #expect(!status.allOutput.contains("wrong-key"))

        let json = await runLumatop(["status", "--json", "--base-url", server.baseURL, "auth-1"],
                                    env: sandbox.env(key: "wrong-key"))
        #expect(json.status == 1, describe(json))
        let object = try #require(jsonObjects(json).first)
        #expect((object["error"] as? String)?.contains("API key rejected") == true, describe(json))

        for exitStatus in [true, false] {
            let watch = await runLumatop(["watch", "--base-url", server.baseURL, "--interval", "1", "--timeout", "30", "auth-1"]
                                             + (exitStatus ? ["--exit-status"] : []),
                                         env: sandbox.env(key: "wrong-key"))
            #expect(watch.status == 1, describe(watch))
            #expect(watch.stderr.contains("API key rejected"), describe(watch))
            #expect(watch.stderr.contains("QUICKROUTER_API_KEY"), describe(watch))
        }
        #expect(server.script.requests.allSatisfy { $0.authorization == "Bearer wrong-key" })
    }

    @Test func demoStatusListsTheTwelveDemoGenerations() async throws {
        let sandbox = try Sandbox()
        // No key, no server: the demo brings its own.
        let run = await runLumatop(["status", "--demo", "--json"], env: sandbox.env(key: nil, ["LUMATOP_DEMO_TIMESCALE": "20"]))
        #expect(run.status == 0, describe(run))
        #expect(run.lines.count == 12, describe(run))
        let objects = jsonObjects(run)
        #expect(objects.allSatisfy { Set($0.keys) == Set(StatusReport.keys) })
        #expect(Set(objects.compactMap { $0["id"] as? String }).count == 12)
        #expect(objects.contains { $0["state"] as? String == "completed" }, describe(run))
        // The demo never touches the user's list.
        #expect(!FileManager.default.fileExists(atPath: sandbox.defaultStateFile.path))
    }
}
