import Foundation
import Testing
import TestSupport
import LumaDemo
import LumaKit

/// The real binary under a 429 storm: `watch --interval 1` keeps within the issue's bound over any
/// 10 s window, and a Retry-After beyond the longest hold is shown as cut.
@Suite(.startsProcesses) struct RequestRateCommandTests {
    static let ids = ["storm-a", "storm-b", "storm-c"]

    @Test func watchUnderA429StormKeepsWithinTheBound() async throws {
        let headers: [String?] = [nil, "0", "0.001", "-5", "abc", "1e19", "1e308", "inf", "nan",
                                  "Mon, 01 Jan 0001 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT",
                                  RetryAfter.httpDate(Date() + 5 * 3600), "99999999999999999999999"]
        let sandbox = try Sandbox()
        // Every scenario at once, each its own server and process: the runs are mostly waiting.
        var runs: [(label: String, batch: Bool, server: ScriptedServer, process: ChildProcess)] = []
        for (i, header) in headers.enumerated() {
            for batch in [true, false] {
                let server = try ScriptedServer()
                let limited = DemoResponse.error(429, message: "slow down", headers: header.map { [("Retry-After", $0)] } ?? [])
                if batch { server.script.answerBatches(with: [limited]) }
                for id in Self.ids { server.script.script(id, [limited]) }
                let process = try startLumatop(["watch", "--interval", "1", "--timeout", "10", "--state-dir",
                                                  sandbox.file("state-\(i)-\(batch)").path, "--base-url", server.baseURL] + Self.ids,
                                                 env: sandbox.env())
                runs.append(("Retry-After \(header ?? "none"), \(batch ? "batch" : "single")", batch, server, process))
            }
        }
        for run in runs {
            let result = await run.process.finish(timeout: 60)
            #expect(result.status == 0, "\(run.label): \(describe(result))")
            #expect(result.stderr.contains("timed out"), "\(run.label): \(describe(result))")
            let times = run.server.script.arrivals
            let bound = (run.batch ? (Self.ids.count + 49) / 50 : Self.ids.count) * 10 + 5
            let most = run.server.script.mostRequests(within: 10)
            #expect(most <= bound, "\(run.label): \(most) requests in 10 s, bound \(bound)")
            #expect(!times.isEmpty, "\(run.label): asked at all")
            print("rate: watch, \(run.label): \(times.count) requests, at most \(most) in any 10 s window (bound \(bound))")
        }
    }

    @Test func aRetryAfterBeyondAnHourIsShownHeldAtAnHour() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let fiveHours = DemoResponse.error(429, message: "slow down", headers: [("Retry-After", "18000")])
        server.script.setDefault(fiveHours)
        let watch = await runLumatop(["watch", "--interval", "1", "--timeout", "3", "--base-url", server.baseURL, "held-1"],
                                     env: sandbox.env())
        #expect(watch.status == 0, describe(watch))
        #expect(watch.stdout.contains("rate limited (HTTP 429): server asked for 5h00m, held at 1h00m"), describe(watch))
        #expect(server.requestedIDs == ["held-1"], "asked once, then held")

        let status = await runLumatop(["status", "--max-in-flight", "1", "--base-url", server.baseURL, "held-1", "held-2", "held-3"],
                                      env: sandbox.env())
        #expect(status.status == 1, describe(status))
        #expect(status.stderr.contains("held-1: rate limited (HTTP 429): server asked for 5h00m, held at 1h00m"),
                describe(status))
        #expect(status.stderr.contains("held-3: rate limited (HTTP 429)"), describe(status))
        // The hold covers the ids not asked yet: status does not go on asking through it.
        #expect(server.requestedIDs == ["held-1", "held-1"], "\(server.requestedIDs)")
    }

    @Test func statusWaitsOutAShortHoldOnceAndNoMore() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let limited = DemoResponse.error(429, message: "slow down", headers: [("Retry-After", "0")])
        server.script.script("short-1", [limited, answer("short-1", .completed)])
        server.script.script("short-2", [limited])
        let run = await runLumatop(["status", "--interval", "1", "--base-url", server.baseURL, "short-1", "short-2"],
                                   env: sandbox.env())
        #expect(run.status == 1, describe(run))
        #expect(run.stdout.contains("short-1") && run.stdout.contains("completed"), describe(run))
        #expect(run.stderr.contains("short-2: rate limited (HTTP 429)"), describe(run))
        for id in ["short-1", "short-2"] {
            let times = server.script.requests(for: id).map(\.at)
            #expect(times.count == 2, "\(id): asked twice, not \(times.count) times")
            if times.count == 2 { #expect(times[1].timeIntervalSince(times[0]) >= 0.98, "held one interval") }
        }
    }
}
