import Foundation
import GRDB
import Testing
import TestSupport
import LumaDemo
import LumaKit

/// `lumatop log`: the state changes the database kept, from real polls.
@Suite(.startsProcesses) struct LogCommandTests {
    /// Three status runs against a server whose answers move on: A pending → processing →
    /// completed, B pending → failed; C never answers.
    func history(_ sandbox: Sandbox) async throws -> [String] {
        let server = try ScriptedServer()
        let dir = ["--state-dir", sandbox.stateDir.path]
        server.script.script("A", [answer("A", .pending), answer("A", .processing), answer("A", .completed)])
        server.script.script("B", [answer("B", .pending), answer("B", .failed), answer("B", .failed)])
        #expect(await runLumatop(["track", "A", "B", "C"] + dir, env: sandbox.env()).status == 0)
        for _ in 0..<3 { _ = await runLumatop(["status", "--base-url", server.baseURL] + dir, env: sandbox.env()) }
        return dir
    }

    @Test func printsEachChangeOldestFirst() async throws {
        let sandbox = try Sandbox()
        let dir = try await history(sandbox)
        let log = await runLumatop(["log"] + dir, env: sandbox.env())
        #expect(log.status == 0, describe(log))
        let changes = log.lines.map { $0.split(separator: " ", omittingEmptySubsequences: true).suffix(4).joined(separator: " ") }
        #expect(changes == ["A - → pending", "B - → pending", "A pending → processing", "B pending → failed",
                            "A processing → completed"], describe(log))
        // Local time first: yyyy-MM-dd HH:mm:ss.
        #expect(log.lines.allSatisfy { $0.range(of: #"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d  "#, options: .regularExpression) != nil },
                describe(log))

        let json = await runLumatop(["log", "--json", "B"] + dir, env: sandbox.env())
        #expect(json.status == 0, describe(json))
        let objects = jsonObjects(json)
        #expect(objects.map { Set($0.keys) } == [["at", "id", "from", "to"], ["at", "id", "from", "to"]], describe(json))
        #expect(objects.map { $0["to"] as? String } == ["pending", "failed"], describe(json))
        #expect(objects.first.map { isNull($0["from"]) } == true && objects.last?["from"] as? String == "pending")
        let times = objects.compactMap { ($0["at"] as? String).flatMap(WireDate.parse) }
        #expect(times.count == 2 && times[0] <= times[1] && Date().timeIntervalSince(times[0]) < 600, describe(json))

        // Untracked: its history stays.
        #expect(await runLumatop(["untrack", "A"] + dir, env: sandbox.env()).status == 0)
        #expect(await runLumatop(["log", "A"] + dir, env: sandbox.env()).lines.count == 3)
    }

    @Test func sinceKeepsOnlyRecentChanges() async throws {
        let sandbox = try Sandbox()
        let dir = try await history(sandbox)
        // Make A's first two changes a day old.
        try await DatabaseQueue(path: sandbox.database.path).write { db in
            try db.execute(sql: "UPDATE transitions SET at = at - 86400 WHERE id = 'A' AND \"to\" != 'completed'")
        }
        for since in ["1h", "90m", "3600", "1h30m", "1.5H", "2d"] {
            let log = await runLumatop(["log", "--json", "--since", since, "A"] + dir, env: sandbox.env())
            #expect(log.status == 0, "\(since): \(describe(log))")
            let expected = since == "2d" ? ["pending", "processing", "completed"] : ["completed"]
            #expect(jsonObjects(log).map { $0["to"] as? String } == expected, "\(since): \(describe(log))")
        }
        let none = await runLumatop(["log", "--since", "1s", "C"] + dir, env: sandbox.env())
        #expect(none.status == 0 && none.stdout.isEmpty, describe(none))
        #expect(none.stderr.contains("no state changes recorded"), describe(none))
    }

    @Test(arguments: [["--since", "yesterday"], ["--since", "5x"], ["--since", "-1h"], ["--since", ""], ["--since", "h"],
                      ["bad id!"]])
    func nonsenseExitsTwo(args: [String]) async throws {
        let sandbox = try Sandbox()
        let run = await runLumatop(["log", "--state-dir", sandbox.stateDir.path] + args, env: sandbox.env())
        #expect(run.status == 2, describe(run))
        #expect(run.stdout.isEmpty, describe(run))
    }

    @Test func hostileStateWordsAreShownCleaned() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let dir = ["--state-dir", sandbox.stateDir.path]
        server.script.script("H", [.generation(Generation(id: "H", state: .unknown("dream\u{1B}[2J\u{202E}ing")))])
        #expect(await runLumatop(["track", "H"] + dir, env: sandbox.env()).status == 0)
        _ = await runLumatop(["status", "--base-url", server.baseURL] + dir, env: sandbox.env())
        let log = await runLumatop(["log"] + dir, env: sandbox.env())
        #expect(!log.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E }, describe(log))
        #expect(log.stdout.contains("dream"), describe(log))
        let json = await runLumatop(["log", "--json"] + dir, env: sandbox.env())
        #expect(jsonObjects(json).first?["to"] as? String == "dream\u{1B}[2J\u{202E}ing", describe(json))
    }

    @Test(.enabled(if: geteuid() == 0, "mounting a small file system needs root"))
    func aFullDiskIsAClearMessage() async throws {
        let sandbox = try Sandbox()
        let mount = sandbox.file("small")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
        #expect(await run(["/bin/mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.path]) == 0)
        let dir = ["--state-dir", mount.appendingPathComponent("state").path]
        #expect(await runLumatop(["track", "first"] + dir, env: sandbox.env()).status == 0)
        _ = await run(["/bin/dd", "if=/dev/zero", "of=\(mount.path)/filler", "bs=4096"])
        let ids = (0..<300).map { "full-\($0)-" + String(repeating: "x", count: 100) }
        let track = await runLumatop(["track"] + ids + dir, env: sandbox.env())
        #expect(track.status == 2, describe(track))
        #expect(track.stderr.contains("the disk is full"), describe(track))
        // What was there is still there.
        let list = await runLumatop(["list", "--json"] + dir, env: sandbox.env())
        #expect(list.status == 0 && jsonObjects(list).compactMap { $0["id"] as? String } == ["first"], describe(list))
        _ = await run(["/bin/umount", "-l", mount.path])
    }

    func run(_ command: [String]) async -> Int32 {
        await runProcess(command, environment: ProcessInfo.processInfo.environment).status
    }
}
