import Foundation
import GRDB
import Testing
import TestSupport
import LumaDemo
import LumaKit

/// The dashboard's database when the dashboard dies hard: `kill -9` in the middle of writes
/// loses nothing committed and never leaves a database that needs repair.
@Suite(.drivesTerminal) struct StateDatabaseTests {
    let scratch = ScratchDirectory()

    @Test func killNineInTheMiddleOfWritesLosesNothingCommitted() async throws {
        // Every poll brings a different answer (the prompt counts up, the state swings), so the
        // dashboard writes a transaction every round.
        let ids = (0..<40).map { String(format: "kill-%04d", $0) }
        let script = ScriptedService(apiKey: "e2e-key")
        for id in ids {
            script.script(id, (0..<400).map { i in
                .generation(Generation(id: id, state: i % 3 == 2 ? .processing : .pending, prompt: "step \(i)"))
            })
        }
        let server = try script.serve()
        defer { server.stop() }
        let state = scratch.path + "/kill-state"
        let command = "\(lumatopBinary) --base-url \(server.baseURL) --state-dir \(state) --interval 1"
        #expect(await run([lumatopBinary, "track", "--state-dir", state] + ids).status == 0)
        let env = ["HOME": scratch.path, "TERM": "tmux-256color", "LANG": "C.UTF-8", "QUICKROUTER_API_KEY": "e2e-key"]
        let database = URL(fileURLWithPath: state + "/lumatop.sqlite3")
        for round in 0..<3 {
            let t = await Tmux(width: 100, height: 30, command: command, env: env)
            await t.waitFor(text: "kill-0000")
            // Let it write for a while, then read what is committed, from another connection.
            let before = try committed(database)
            var seen = before
            let deadline = Date() + 30
            while seen.transitions < before.transitions + 20 + round * 7, Date() < deadline {
                try await Task.sleep(for: .seconds(0.1))
                seen = try committed(database)
            }
            #expect(seen.transitions > before.transitions, "round \(round): the dashboard wrote nothing")
            await run(["pkill", "-KILL", "-f", "^\(command)"])
            await t.waitFor(text: "EXIT=137")
            let after = try committed(database)
            #expect(after.integrity == "ok", "round \(round): \(after.integrity)")
            #expect(after.ids == ids.count, "round \(round)")
            #expect(after.transitions >= seen.transitions, "round \(round): committed transitions were lost")
            #expect(after.prompts >= seen.prompts, "round \(round): committed answers went back")
        }
        // The next dashboard opens it as it is: no corrupt notice, the list shown.
        let t = await Tmux(width: 100, height: 30, command: command, env: env)
        await t.waitFor(text: "kill-0000")
        #expect(await !t.screen().contains("corrupt"))
        await t.keys("q")
        await t.waitFor(text: "EXIT=0")
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: state)).contains { $0.contains("corrupt") })
    }

    /// What another process sees committed: SQLite's check, the ids, the transitions, and the sum
    /// of the step numbers in the kept prompts (it only grows while answers are kept).
    func committed(_ database: URL) throws -> (integrity: String, ids: Int, transitions: Int, prompts: Int) {
        try DatabaseQueue(path: database.path).read { db in
            let integrity = try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "no answer"
            let ids = try Int.fetchOne(db, sql: "SELECT count(*) FROM generations") ?? 0
            let transitions = try Int.fetchOne(db, sql: "SELECT count(*) FROM transitions") ?? 0
            let prompts = try Int.fetchOne(db, sql: """
                SELECT coalesce(sum(CAST(substr(prompt, 6) AS INTEGER)), 0) FROM generations WHERE prompt LIKE 'step %'
                """) ?? 0
            return (integrity, ids, transitions, prompts)
        }
    }
}
