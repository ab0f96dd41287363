import Foundation
import Testing
import TestSupport
import LumaDemo
import LumaKit

/// `--provider` (and `LUMATOP_PROVIDER`) with the real binary: the demo in the official shape,
/// usage errors, the relay's answer refused, and each provider's own list.
@Suite(.startsProcesses) struct ProviderCommandTests {
    static let lumaWords: Set<String> = ["queued", "dreaming", "completed", "failed"]

    @Test func statusOnTheLumaDemoShowsTheAPIsOwnWords() async throws {
        let sandbox = try Sandbox()
        let run = await runLumatop(["status", "--provider", "luma", "--demo", "--json"], env: sandbox.env(key: nil))
        #expect(run.status == 0, describe(run))
        let objects = jsonObjects(run)
        try #require(!objects.isEmpty, describe(run))
        let words = Set(objects.compactMap { $0["state"] as? String })
        #expect(words.isSubset(of: Self.lumaWords), "\(words)")
        #expect(words.contains("completed"), "\(words)")
        #expect(!words.contains("pending") && !words.contains("processing"), "\(words)")
        // The user's own lists are not touched by the demo.
        #expect(!FileManager.default.fileExists(atPath: sandbox.xdgState.appendingPathComponent("lumatop").path))
    }

    @Test func listAndStatusShowTheTrackedAndTheRecentMarked() async throws {
        let sandbox = try Sandbox()
        let env = sandbox.env(key: nil)
        let list = await runLumatop(["list", "--provider", "luma", "--demo", "--json"], env: env)
        #expect(list.status == 0, describe(list))
        let lines = jsonObjects(list)
        #expect(lines.filter { $0["recent"] as? Bool == false }.count == 3, describe(list))
        #expect(lines.filter { $0["recent"] as? Bool == true }.count >= 1, describe(list))
        // The recent ones come with the list's answers; the tracked ones have none until fetched.
        #expect(lines.filter { $0["recent"] as? Bool == true }.allSatisfy { Self.lumaWords.contains($0["state"] as? String ?? "") },
                describe(list))

        let table = await runLumatop(["status", "--provider", "luma", "--demo"], env: env)
        #expect(table.status == 0, describe(table))
        #expect(table.lines.first?.contains("LIST") == true, describe(table))
        #expect(table.lines.filter { $0.contains(" tracked ") }.count == 3, describe(table))
        #expect(table.lines.contains { $0.contains(" recent ") }, describe(table))

        // --recent 0: the tracked ones only; with ids, only those.
        let tracked = await runLumatop(["status", "--provider", "luma", "--demo", "--recent", "0", "--json"], env: env)
        #expect(jsonObjects(tracked).count == 3, describe(tracked))
        let one = try #require(lines.last?["id"] as? String)
        let named = await runLumatop(["status", "--provider", "luma", "--demo", "--json", one], env: env)
        #expect(jsonObjects(named).compactMap { $0["id"] as? String } == [one], describe(named))

        // The relay's list has no such marks.
        let relay = await runLumatop(["list", "--demo", "--json"], env: env)
        #expect(jsonObjects(relay).allSatisfy { $0["recent"] == nil }, describe(relay))
    }

    @Test func theEnvironmentChoosesTheProvider() async throws {
        let sandbox = try Sandbox()
        let run = await runLumatop(["status", "--demo", "--json"], env: sandbox.env(key: nil, ["LUMATOP_PROVIDER": "luma"]))
        #expect(run.status == 0, describe(run))
        let words = Set(jsonObjects(run).compactMap { $0["state"] as? String })
        #expect(!words.isEmpty && words.isSubset(of: Self.lumaWords), "\(words) \(describe(run))")

        // The key is the official one's: QUICKROUTER_API_KEY alone is not enough.
        let noKey = await runLumatop(["status", "fdd3b0f6-a4ad-4d33-9b43-59e6b8b1b1f2"],
                                     env: sandbox.env(["LUMATOP_PROVIDER": "luma"]))
        #expect(noKey.status == 2, describe(noKey))
        #expect(noKey.stderr.contains("LUMAAI_API_KEY"), describe(noKey))
    }

    @Test func anUnknownProviderIsAUsageErrorNamingBoth() async throws {
        let sandbox = try Sandbox()
        let flag = await runLumatop(["status", "--provider", "lumalabs", "--demo"], env: sandbox.env())
        #expect(flag.status == 2, describe(flag))
        #expect(flag.stderr.contains("unknown provider \"lumalabs\": use quickrouter or luma"), describe(flag))
        let env = await runLumatop(["list"], env: sandbox.env(["LUMATOP_PROVIDER": "relay"]))
        #expect(env.status == 2, describe(env))
        #expect(env.stderr.contains("quickrouter or luma"), describe(env))
        #expect(env.stdout.isEmpty, describe(env))
    }

    @Test func aRelayAnswerIsNotAnAnswerOfTheLumaAPI() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("relay-1", [answer("relay-1", .completed)])
        // The scripted relay answers under /luma/generations/: the official client asks there.
        let run = await runLumatop(["status", "--json", "--provider", "luma", "--base-url", server.baseURL + "/luma", "relay-1"],
                                   env: sandbox.env(key: nil, ["LUMAAI_API_KEY": "test-key"]))
        #expect(run.status == 1, describe(run))
        #expect(server.requestedIDs == ["relay-1"], describe(run))
        let error = jsonObjects(run).first?["error"] as? String
        #expect(error?.contains("not an answer of the Luma API") == true, describe(run))
        #expect(run.stderr.contains("not an answer of the Luma API"), describe(run))
    }

    /// 21 prompts to the official API: 20 go at once, the 21st waits for the minute to pass. The
    /// run is ended by the test while it waits: the wait itself is the point.
    @Test func fromFileKeepsUnderTwentyCreatesAMinute() async throws {
        let sandbox = try Sandbox()
        let file = sandbox.file("prompts.txt")
        try (1...21).map { "prompt number \($0)" }.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let child = try startLumatop(["create", "--provider", "luma", "--demo", "--from-file", file.path],
                                     env: sandbox.env(key: nil))
        #expect(await child.exitStatus(within: 12) == nil, "still waiting for the minute to pass")
        kill(child.pid, SIGTERM)
        let run = await child.finish(timeout: 10)
        #expect(run.lines.count == 20, describe(run))
        #expect(run.stderr.contains("pacing: 20 creates a minute at most; sending \"prompt number 21\" in"), describe(run))
    }

    @Test func eachProviderKeepsItsOwnList() async throws {
        let sandbox = try Sandbox()
        let id = "4665a07c-7641-4809-a133-10786201bb56"
        let state = ["--state-dir", sandbox.stateDir.path]
        #expect(await runLumatop(["track"] + state + [id], env: sandbox.env()).status == 0)
        #expect(await runLumatop(["track", "--provider", "luma"] + state + [id, "luma-only"], env: sandbox.env()).status == 0)
        let relay = await runLumatop(["list", "--json"] + state, env: sandbox.env())
        let luma = await runLumatop(["list", "--json"] + state, env: sandbox.env(["LUMATOP_PROVIDER": "luma"]))
        #expect(jsonObjects(relay).compactMap { $0["id"] as? String } == [id], describe(relay))
        #expect(jsonObjects(luma).compactMap { $0["id"] as? String } == [id, "luma-only"], describe(luma))
        #expect(FileManager.default.fileExists(atPath: sandbox.database.path))
        #expect(FileManager.default.fileExists(atPath: sandbox.stateDir.appendingPathComponent("lumatop-luma.sqlite3").path))
    }
}
