import Foundation
import Testing
import TestSupport
import LumaDemo
import LumaKit

/// `create --wait` and `extend` against the demo service, run fast.
@Suite(.startsProcesses) struct CreateDemoTests {
    private let fast = ["LUMATOP_DEMO_TIMESCALE": "100"]

    @Test func waitFollowsANewGenerationToCompletion() async throws {
        let sandbox = try Sandbox()
        let run = await runLumatop(["create", "--demo", "--wait", "--interval", "1", "cat dance"], env: sandbox.env(key: nil, fast))
        #expect(run.status == 0, describe(run))
        let id = try #require(run.lines.first)
        #expect(id.wholeMatch(of: /[0-9a-f-]{36}/) != nil, describe(run))
        #expect(run.lines.dropFirst().last?.contains("completed") == true, describe(run))
        #expect(run.lines.dropFirst().allSatisfy { $0.contains(id) }, describe(run))
    }

    @Test func waitExitsOneWhenItFailsAnd124WhenTimeRunsOut() async throws {
        let sandbox = try Sandbox()
        let failed = await runLumatop(["create", "--demo", "--wait", "--json", "--interval", "1", "this one will fail"],
                                      env: sandbox.env(key: nil, fast))
        #expect(failed.status == 1, describe(failed))
        let states = jsonObjects(failed).compactMap { $0["state"] as? String }
        #expect(states.first == "pending" && states.last == "failed", describe(failed))
        let slow = await runLumatop(["create", "--demo", "--wait", "--timeout", "1", "--interval", "1", "cat dance"],
                                    env: sandbox.env(key: nil, ["LUMATOP_DEMO_TIMESCALE": "0.01"]))
        #expect(slow.status == 124, describe(slow))
        #expect(slow.stderr.contains("timed out"), describe(slow))
    }

    @Test func anExtendIsTrackedWithItsParent() async throws {
        let sandbox = try Sandbox()
        let service = DemoService(timescale: 100)
        let server = DemoServer(handler: { service.handle($0) })
        try server.start()
        defer { server.stop() }
        let parent = try #require(service.ids.first { service.generation($0)?.state == .completed })
        let common = ["--base-url", server.baseURL, "--state-dir", sandbox.stateDir.path]
        let run = await runLumatop(["extend", parent, "and then it rains", "--wait", "--interval", "1"] + common,
                                   env: sandbox.env(key: DemoService.apiKey))
        #expect(run.status == 0, describe(run))
        let child = try #require(run.lines.first)
        #expect(service.generation(child)?.prompt == "and then it rains")
        let list = await runLumatop(["list", "--json", "--state-dir", sandbox.stateDir.path], env: sandbox.env())
        let rows = jsonObjects(list)
        #expect(rows.compactMap { $0["id"] as? String } == [parent, child], describe(list))
        #expect(isNull(rows.first?["extends"]) && rows.last?["extends"] as? String == parent, describe(list))
        #expect(rows.last?["state"] as? String == "completed", describe(list))
    }

    @Test func anExtendOfAGenerationNotCompletedExitsTwoSendingNothing() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("busy-1", [answer("busy-1", .processing)])
        server.script.script("bad-1", [answer("bad-1", .failed)])
        for (id, words) in [("busy-1", "busy-1 is processing, not completed"), ("bad-1", "bad-1 is failed, not completed"),
                            ("nobody-1", "nobody-1 was not found")] {
            let run = await runLumatop(["extend", id, "more", "--base-url", server.baseURL], env: sandbox.env())
            #expect(run.status == 2, describe(run))
            #expect(run.stderr.contains(words), describe(run))
        }
        #expect(server.script.creates.isEmpty)
    }
}
