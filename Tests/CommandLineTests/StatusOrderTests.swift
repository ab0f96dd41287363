import Foundation
import Testing
import TestSupport
import LumaDemo
import LumaKit

/// `status` lists the tracked generations newest first, as the dashboard does; ids given on the
/// command line keep the order given.
@Suite(.startsProcesses) struct StatusOrderTests {
    private func made(_ id: String, daysAgo: Double) -> DemoResponse {
        .generation(Generation(id: id, state: .completed, prompt: "cat dance",
                               createdAt: Date(timeIntervalSinceNow: -daysAgo * 86_400)))
    }

    @Test func theTrackedListIsNewestFirstAndGivenIDsKeepTheirOrder() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let stateDir = ["--state-dir", sandbox.stateDir.path]
        let dir = stateDir + ["--base-url", server.baseURL]
        server.script.script("old-1", [made("old-1", daysAgo: 3)])
        server.script.script("new-2", [made("new-2", daysAgo: 1)])
        server.script.script("mid-3", [made("mid-3", daysAgo: 2)])
        // Tracked oldest first, so the list's own order is not the answer.
        let track = await runLumatop(["track", "old-1", "new-2", "mid-3"] + stateDir, env: sandbox.env())
        #expect(track.status == 0, describe(track))

        let json = await runLumatop(["status", "--json"] + dir, env: sandbox.env())
        #expect(json.status == 0, describe(json))
        #expect(jsonObjects(json).compactMap { $0["id"] as? String } == ["new-2", "mid-3", "old-1"], describe(json))

        let table = await runLumatop(["status"] + dir, env: sandbox.env())
        #expect(table.status == 0, describe(table))
        #expect(table.lines.dropFirst().map { String($0.prefix(5)) } == ["new-2", "mid-3", "old-1"], describe(table))

        let given = await runLumatop(["status", "--json"] + dir + ["old-1", "new-2", "mid-3"], env: sandbox.env())
        #expect(given.status == 0, describe(given))
        #expect(jsonObjects(given).compactMap { $0["id"] as? String } == ["old-1", "new-2", "mid-3"], describe(given))
    }
}
