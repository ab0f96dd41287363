import Foundation
import Testing
import TestSupport
import LumaDemo
import LumaKit

/// How the commands take what a real server may throw at them.
@Suite(.startsProcesses) struct ServerAnswerTests {
    @Test func shortRetryAfterIsHonouredOnceByStatus() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("rl-1", [.error(429, message: "slow down", headers: [("Retry-After", "1")]),
                                      answer("rl-1", .completed)])
        let run = await runLumatop(["status", "--json", "--base-url", server.baseURL, "rl-1"], env: sandbox.env())
        #expect(run.status == 0, describe(run))
        #expect(jsonObjects(run).first?["state"] as? String == "completed", describe(run))
        #expect(server.script.requests(for: "rl-1").count == 2)
        #expect(server.script.requests.allSatisfy { $0.authorization == "Bearer test-key" })

        // A long hold is not waited out by a one-shot command: it reports it and exits 1.
        let server2 = try ScriptedServer()
        server2.script.script("rl-2", [.error(429, message: "slow down", headers: [("Retry-After", "3600")])])
        let long = await runLumatop(["status", "--json", "--base-url", server2.baseURL, "rl-2"], env: sandbox.env())
        #expect(long.status == 1, describe(long))
        #expect((jsonObjects(long).first?["error"] as? String)?.contains("429") == true, describe(long))
        #expect(server2.script.requests.count == 1)
    }

    @Test func errorAnswersAreReportedPerIDWithoutEscapes() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("e500", [.error(500, message: "boom")])
        server.script.script("html", [.text(200, "<html>\u{1B}]0;pwned\u{07}\u{1B}[31mnot json</html>")])
        server.script.script("huge", [.json(200, Data(repeating: 0x20, count: 3 * 1024 * 1024))])
        server.script.script("teapot", [.error(418, message: "teapot")])
        server.script.script("fine", [answer("fine", .completed)])
        let ids = ["e500", "html", "huge", "teapot", "fine"]

        let json = await runLumatop(["status", "--json", "--base-url", server.baseURL] + ids, env: sandbox.env(), timeout: 90)
        #expect(json.status == 1, describe(json))
        let objects = jsonObjects(json)
        try #require(objects.count == 5, describe(json))
        #expect(objects.compactMap { $0["id"] as? String } == ids, "order of the arguments")
        let errors = objects.map { $0["error"] as? String }
        #expect(errors[0]?.contains("HTTP 500") == true, "\(errors)")
        #expect(errors[1]?.contains("malformed answer") == true, "\(errors)")
        #expect(errors[2]?.contains("larger than") == true, "\(errors)")
        #expect(errors[3]?.contains("418") == true, "\(errors)")
        #expect(errors[4] == nil && isNull(objects[4]["error"]))
        #expect(objects[0..<4].allSatisfy { isNull($0["state"]) })
        #expect(!Array(json.allOutput.utf8).contains(0x1B), "raw ESC in output")

        let table = await runLumatop(["status", "--base-url", server.baseURL] + ids, env: sandbox.env(), timeout: 90)
        #expect(table.status == 1, describe(table))
        for id in ids.dropLast() {
            #expect(table.stderr.contains("\(id): "), "stderr should name \(id): \(describe(table))")
        }
        #expect(!Array(table.allOutput.utf8).contains(0x1B), "raw ESC in output: \(table.allOutput.debugDescription)")
        #expect(!Array(table.allOutput.utf8).contains(0x07), "raw BEL in output")
    }

    @Test func watchRetriesServerErrorsUntilAnswered() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("flaky", [.error(503, message: "overloaded"), answer("flaky", .processing),
                                       answer("flaky", .completed)])
        let run = await runLumatop(["watch", "--exit-status", "--timeout", "45", "--interval", "1",
                                    "--base-url", server.baseURL, "flaky"], env: sandbox.env())
        #expect(run.status == 0, describe(run))
        // A retry is no change of state: its error goes to stderr, the states to stdout.
        #expect(run.stderr.contains("flaky: server error (HTTP 503)"), describe(run))
        #expect(run.lines.contains { $0.contains("completed") } && !run.stdout.contains("503"), describe(run))
        #expect(server.script.requests(for: "flaky").count == 3)
    }

    @Test func watchNeverPrintsEscapesFromTheServer() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        var failed = generation("esc", .failed, prompt: "\u{1B}[2Jwipe\u{1B}]52;c;cGF5bG9hZA==\u{07}")
        failed.failureReason = "bad \u{1B}[5mblink\u{9B}0m reason"
        server.script.script("esc", [.generation(failed)])
        let run = await runLumatop(["watch", "--exit-status", "--timeout", "30", "--interval", "1",
                                    "--base-url", server.baseURL, "esc"], env: sandbox.env())
        #expect(run.status == 1, describe(run))
        #expect(run.lines.contains { $0.contains("failed") && $0.contains("blink") && $0.contains("wipe") }, describe(run))
        #expect(!run.allOutput.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || (0x80..<0xA0).contains($0.value) },
                "control characters reached the output: \(run.allOutput.debugDescription)")
    }

    @Test func redirectsAreNotFollowedSoTheKeyStaysHome() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let elsewhere = try ScriptedServer()
        elsewhere.script.setDefault(answer("moved", .completed))
        server.script.script("moved", [DemoResponse(status: 302, headers: [
            ("Location", "\(elsewhere.baseURL)/luma/generations/moved")])])
        let run = await runLumatop(["status", "--json", "--base-url", server.baseURL, "moved"], env: sandbox.env())
        #expect(run.status == 1, describe(run))
        #expect((jsonObjects(run).first?["error"] as? String)?.contains("302") == true, describe(run))
        // Only a request for this id proves the redirect was followed: the port may have served
        // another test before, and a client of that test may still knock on it.
        #expect(elsewhere.script.requests(for: "moved").isEmpty, "the redirect was followed, with the key")
    }

    @Test func localhostIsAcceptedOverPlainHTTP() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("lh-1", [answer("lh-1", .completed)])
        // A proxy in the environment must not be used for loopback.
        let env = sandbox.env(["HTTP_PROXY": "http://127.0.0.1:9", "http_proxy": "http://127.0.0.1:9"])
        for base in ["http://localhost:\(server.server.port)", "http://127.0.0.1:\(server.server.port)/"] {
            let run = await runLumatop(["status", "--json", "--base-url", base, "lh-1"], env: env)
            #expect(run.status == 0, "\(base): \(describe(run))")
            #expect(jsonObjects(run).first?["state"] as? String == "completed", "\(base): \(describe(run))")
        }
        #expect(server.script.requests.count == 2)
    }

    @Test func aKeyThatCannotBeSentIsNeverPrinted() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.setDefault(answer("abc", .completed))
        let secret = "sk-leaky-5e1c"
        for key in ["\(secret)\u{01}x", "\(secret)\r\nX-Injected: 1"] {
            for args in [["status", "--json"], ["status"], ["watch", "--exit-status", "--timeout", "10", "--interval", "1"]] {
                let run = await runLumatop(args + ["--base-url", server.baseURL, "abc"], env: sandbox.env(key: key), timeout: 60)
                #expect(run.status != 0, "\(args): \(describe(run))")
                #expect(!run.allOutput.contains(secret), "\(args) printed the API key: \(describe(run))")
            }
        }
        #expect(server.script.requests.allSatisfy { !($0.authorization ?? "").contains("X-Injected") })
    }

    @Test func demoLeavesNoTemporaryFilesBehind() async throws {
        let sandbox = try Sandbox()
        let tmp = sandbox.file("tmp")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        let env = sandbox.env(key: nil, ["LUMATOP_DEMO_TIMESCALE": "20", "TMPDIR": tmp.path])
        let status = await runLumatop(["status", "--demo"], env: env)
        #expect(status.status == 0, describe(status))
        #expect(status.lines.count == 13, describe(status))
        // The default command without a terminal watches the demo to the end.
        let dashboard = await runLumatop(["--demo", "--interval", "1"], env: env, timeout: 120)
        #expect(dashboard.status == 0, describe(dashboard))
        #expect(dashboard.lines.contains { $0.contains("  failed") }, describe(dashboard))
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: sandbox.defaultStateFile.path))
    }
}

/// A server that never answers: the command waits out the client's own deadline, idle all the
/// while, so it is not queued among the command runs that want the CPU.
@Suite(.waitsOffThePool) struct ServerDeadlineTests {
    @Test func aServerThatNeverAnswersIsGivenUpOn() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("hang", [.hung])
        server.script.script("fine", [answer("fine", .completed)])
        let run = await runLumatop(["status", "--json", "--base-url", server.baseURL, "hang", "fine"], env: sandbox.env(),
                                   timeout: 90)
        #expect(run.status == 1, describe(run))
        let objects = jsonObjects(run)
        try #require(objects.count == 2, describe(run))
        #expect((objects[0]["error"] as? String)?.contains("no answer within") == true, describe(run))
        #expect(objects[1]["state"] as? String == "completed")
    }
}
