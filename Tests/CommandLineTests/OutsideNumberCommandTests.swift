import Foundation
import Testing
import TestSupport
import LumaDemo
import LumaKit

/// Numbers on the command line and in the environment, at their extremes: nonsense exits 2 with a
/// message before any request, huge values are held at a sane maximum, nothing traps.
@Suite(.startsProcesses) struct OutsideNumberCommandTests {
    @Test(arguments: [
        (["--interval", "nan"], "--interval must be at least 1 second"),
        (["--interval", "inf"], "--interval must be at least 1 second"),
        (["--interval", "-inf"], "--interval"),
        (["--interval", "-1"], "--interval"),
        (["--interval", "0"], "--interval must be at least 1 second"),
        (["--interval", "0.5"], "--interval must be at least 1 second"),
        (["--interval", "1e-308"], "--interval must be at least 1 second"),
        (["--interval", "abc"], "--interval"),
        (["--max-in-flight", "99999999999999999999"], "--max-in-flight"),
        (["--max-in-flight", "9223372036854775807"], "--max-in-flight must be between 1 and 64"),
        (["--max-in-flight", "-1"], "--max-in-flight"),
        (["--max-in-flight", "nan"], "--max-in-flight"),
        (["--max-in-flight", "1e3"], "--max-in-flight"),
    ])
    func nonsenseExitsTwoBeforeAnyRequest(args: [String], message: String) async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        for command in ["status", "watch"] {
            let run = await runLumatop([command] + args + ["--base-url", server.baseURL, "abc"], env: sandbox.env())
            #expect(run.status == 2, "\(command) \(args): \(describe(run))")
            #expect(run.stderr.contains(message), "\(command) \(args): \(describe(run))")
        }
        #expect(server.script.requests.isEmpty && server.script.batches.isEmpty)
    }

    @Test(arguments: ["nan", "inf", "-inf", "-1", "0", "-0", "abc"])
    func aTimeoutThatIsNoTimeExitsTwo(value: String) async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let run = await runLumatop(["watch", "--timeout", value, "--base-url", server.baseURL, "abc"], env: sandbox.env())
        #expect(run.status == 2, describe(run))
        #expect(run.stderr.contains("--timeout"), describe(run))
        #expect(server.script.requests.isEmpty)
    }

    @Test func hugeIntervalsAndTimeoutsAreHeldNotTrapped() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("slow-1", [answer("slow-1", .processing)])
        server.script.script("done-1", [answer("done-1", .completed)])
        let status = await runLumatop(["status", "--interval", "1e308", "--base-url", server.baseURL, "done-1"], env: sandbox.env())
        #expect(status.status == 0, describe(status))
        // A day between polls: asked once in two seconds, then the watch times out as asked.
        let watch = await runLumatop(["watch", "--interval", "1e308", "--timeout", "2", "--base-url", server.baseURL, "slow-1"],
                                     env: sandbox.env())
        #expect(watch.status == 0, describe(watch))
        #expect(watch.stderr.contains("timed out after 2s"), describe(watch))
        #expect(server.script.requests(for: "slow-1").count == 1)
        for timeout in ["1e308", "1e19", "9223372036854775807"] {
            let run = await runLumatop(["watch", "--timeout", timeout, "--interval", "1", "--base-url", server.baseURL, "done-1"],
                                       env: sandbox.env())
            #expect(run.status == 0, "--timeout \(timeout): \(describe(run))")
            #expect(run.lines.contains { $0.contains("done-1") && $0.contains("completed") }, describe(run))
        }
    }

    @Test(arguments: ["nan", "inf", "-inf", "-1", "0", "1e308", "1e-300", "abc", ""])
    func anyDemoTimescaleRunsTheDemo(value: String) async throws {
        let sandbox = try Sandbox()
        let run = await runLumatop(["status", "--demo", "--json", "--interval", "1"],
                                   env: sandbox.env(key: nil, ["LUMATOP_DEMO_TIMESCALE": value]))
        #expect(run.status == 0, "LUMATOP_DEMO_TIMESCALE=\(value): \(describe(run))")
        #expect(run.lines.count >= 3, "LUMATOP_DEMO_TIMESCALE=\(value): \(describe(run))")
    }
}
