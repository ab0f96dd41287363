import Foundation
import Testing
import TestSupport
import LumaDemo
import LumaKit

/// `watch` prints changes of state only: a retry is no change, its error goes to stderr once per
/// kind until it clears, and a summary line per id ends stdout.
@Suite(.startsProcesses) struct WatchRetryTests {
    private let slowDown = DemoResponse.error(429, message: "slow down", headers: [("Retry-After", "0")])

    private func count(_ text: String, in output: String) -> Int {
        output.components(separatedBy: text).count - 1
    }

    @Test func aRetryIsNoChangeAndIsToldOnceOnStderr() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("r-1", [answer("r-1", .processing), slowDown, slowDown, answer("r-1", .processing),
                                     answer("r-1", .completed)])
        let run = await runLumatop(["watch", "--exit-status", "--timeout", "60", "--interval", "1",
                                    "--base-url", server.baseURL, "r-1"], env: sandbox.env())
        #expect(run.status == 0, describe(run))
        // Every scripted answer was asked for: the 429s happened.
        #expect(server.script.requests(for: "r-1").count == 5, describe(run))
        let changes = run.lines.filter { !$0.hasPrefix("summary") }
        #expect(changes.count == 2, describe(run))
        #expect(changes.first?.contains("processing") == true, describe(run))
        #expect(changes.last?.contains("completed") == true, describe(run))
        #expect(!run.stdout.contains("429") && !run.stdout.contains("retrying"), describe(run))
        // Two 429s in a row are one kind of trouble: said once.
        #expect(count("rate limited (HTTP 429)", in: run.stderr) == 1, describe(run))
        #expect(run.stderr.contains("r-1: rate limited (HTTP 429)"), describe(run))
    }

    @Test func aKindOfErrorIsToldAgainOnlyAfterItCleared() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let overloaded = DemoResponse.error(503, message: "overloaded")
        server.script.script("e-1", [overloaded, overloaded, answer("e-1", .processing), overloaded, slowDown,
                                     answer("e-1", .completed)])
        let run = await runLumatop(["watch", "--exit-status", "--timeout", "120", "--interval", "1",
                                    "--base-url", server.baseURL, "e-1"], env: sandbox.env())
        #expect(run.status == 0, describe(run))
        #expect(server.script.requests(for: "e-1").count == 6, describe(run))
        // The 503s before the first answer are one; the one after it cleared is another; the 429 its own.
        #expect(count("server error (HTTP 503)", in: run.stderr) == 2, describe(run))
        #expect(count("rate limited (HTTP 429)", in: run.stderr) == 1, describe(run))
        #expect(run.lines.filter { !$0.hasPrefix("summary") }.count == 2, describe(run))
    }

    @Test func endsWithASummaryLinePerIDInTheOrderWatched() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("s-2", [answer("s-2", .processing), slowDown, answer("s-2", .completed)])
        server.script.script("s-1", [answer("s-1", .failed)])
        let run = await runLumatop(["watch", "--timeout", "60", "--interval", "1", "--base-url", server.baseURL,
                                    "s-2", "s-1", "gone-3"], env: sandbox.env())
        #expect(run.status == 0, describe(run))
        let summaries = run.lines.filter { $0.hasPrefix("summary") }
        #expect(Array(run.lines.suffix(3)) == summaries, "the summary comes last: \(describe(run))")
        let fields = summaries.map { $0.components(separatedBy: "  ") }
        #expect(fields.map { $0.count > 1 ? $0[1] : "" } == ["s-2", "s-1", "gone-3"], describe(run))
        #expect(fields.map { $0.count > 2 ? $0[2] : "" } == ["completed", "failed", "not found"], describe(run))
        // The time from the start of the watch: s-2 waited out a poll and a 429 hold.
        for f in fields { #expect(f.count == 4 && f[3].hasSuffix("s"), "\(f)") }
        #expect(fields.first.map { $0.count == 4 && $0[3] != "0s" } == true, describe(run))
    }

    @Test func aTimedOutWatchSaysWhatIsStillOpen() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("o-1", [answer("o-1", .processing), slowDown])
        let run = await runLumatop(["watch", "--exit-status", "--timeout", "3", "--interval", "1",
                                    "--base-url", server.baseURL, "o-1"], env: sandbox.env())
        #expect(run.status == 124, describe(run))
        let summary = try #require(run.lines.last, describe(run))
        #expect(summary.hasPrefix("summary  o-1  retrying  "), describe(run))
        #expect(summary.contains("s  still open  rate limited (HTTP 429)"), describe(run))
    }

    @Test func jsonEndsWithASummaryObjectPerID() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("j-1", [answer("j-1", .pending), slowDown, answer("j-1", .completed)])
        let run = await runLumatop(["watch", "--json", "--exit-status", "--timeout", "60", "--interval", "1",
                                    "--base-url", server.baseURL, "j-1"], env: sandbox.env())
        #expect(run.status == 0, describe(run))
        let objects = jsonObjects(run)
        #expect(objects.compactMap { $0["state"] as? String } == ["pending", "completed"], describe(run))
        let summary = try #require(objects.last, describe(run))
        let line = try #require(run.lines.last)
        #expect(Set(summary.keys) == Set(LumaKit.Watch.Summary.keys), "\(line)")
        let order = LumaKit.Watch.Summary.keys.compactMap { key in line.range(of: "\"\(key)\":").map { (key, $0.lowerBound) } }
            .sorted { $0.1 < $1.1 }.map(\.0)
        #expect(order == LumaKit.Watch.Summary.keys, "\(line)")
        #expect(summary["summary"] as? Bool == true && summary["id"] as? String == "j-1", "\(line)")
        #expect(summary["final"] as? String == "completed" && summary["settled"] as? Bool == true, "\(line)")
        #expect(((summary["seconds"] as? NSNumber)?.doubleValue ?? -1) >= 1, "a poll and a hold: \(line)")
        #expect(isNull(summary["error"]), "\(line)")
        // A filter on the state never matches a summary.
        #expect(objects.filter { $0["state"] as? String == "completed" }.count == 1, describe(run))
    }
}
