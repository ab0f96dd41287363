import Foundation
import GRDB
import Testing
import TestSupport
import LumaDemo
import LumaKit

@Suite(.startsProcesses) struct TrackedListTests {
    @Test func trackUntrackListAndStatusOfTheTrackedList() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let dir = ["--state-dir", sandbox.stateDir.path]
        server.script.script("B", [answer("B", .completed)])
        server.script.script("C", [answer("C", .processing, prompt: "cat dance")])

        for args in [["track", "A", "B"], ["track", "B", "C"], ["untrack", "A"]] {
            let run = await runLumatop(args + dir, env: sandbox.env())
            #expect(run.status == 0, "\(args): \(describe(run))")
            #expect(run.stdout.isEmpty, "\(args): \(describe(run))")
        }
        let untrackAgain = await runLumatop(["untrack", "A"] + dir, env: sandbox.env())
        #expect(untrackAgain.status == 0, describe(untrackAgain))
        #expect(untrackAgain.stderr.contains("A was not tracked"), describe(untrackAgain))

        let list = await runLumatop(["list", "--json"] + dir, env: sandbox.env())
        #expect(list.status == 0, describe(list))
        let before = jsonObjects(list)
        #expect(before.compactMap { $0["id"] as? String } == ["B", "C"], describe(list))
        for object in before {
            #expect(object.keys.contains("id") && object.keys.contains("state"), "\(object)")
            #expect(isNull(object["state"]), "never fetched: state must be null: \(object)")
        }
        // Nothing went to the default place, and nothing was asked of the server.
        #expect(!FileManager.default.fileExists(atPath: sandbox.defaultStateFile.path))
        #expect(server.script.requests.isEmpty)

        let status = await runLumatop(["status", "--json", "--base-url", server.baseURL] + dir, env: sandbox.env())
        #expect(status.status == 0, describe(status))
        #expect(server.requestedIDs.sorted() == ["B", "C"], "fetched \(server.requestedIDs)")
        // Newest first: C has no creation time yet, so it counts from when it was tracked (now).
        #expect(jsonObjects(status).compactMap { $0["id"] as? String } == ["C", "B"], describe(status))

        let after = await runLumatop(["list", "--json"] + dir, env: sandbox.env())
        #expect(after.status == 0, describe(after))
        let objects = jsonObjects(after)
        #expect(objects.compactMap { $0["id"] as? String } == ["B", "C"], describe(after))
        #expect(objects.compactMap { $0["state"] as? String } == ["completed", "processing"], describe(after))
        #expect(objects.last?["prompt"] as? String == "cat dance")

        // The table form of list shows the same.
        let table = await runLumatop(["list"] + dir, env: sandbox.env())
        #expect(table.status == 0, describe(table))
        #expect(table.lines.first?.hasPrefix("ID") == true, describe(table))
        #expect(table.lines.contains { $0.hasPrefix("B") && $0.contains("completed") && $0.contains("1360×752") },
                describe(table))

        // The key is never written to the state, nor to its WAL.
        for suffix in ["", "-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: sandbox.database.path + suffix))) ?? Data()
            #expect(bytes.range(of: Data("test-key".utf8)) == nil, "the key is in lumatop.sqlite3\(suffix)")
        }
        let mode = try FileManager.default.attributesOfItem(atPath: sandbox.database.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func defaultStateDirFollowsXDGStateHome() async throws {
        let sandbox = try Sandbox()
        let track = await runLumatop(["track", "xdg-1"], env: sandbox.env(key: nil))
        #expect(track.status == 0, describe(track))
        #expect(FileManager.default.fileExists(atPath: sandbox.defaultStateFile.path))

        // Without XDG_STATE_HOME: ~/.local/state/lumatop under HOME.
        var env = sandbox.env(key: nil)
        env["XDG_STATE_HOME"] = nil
        let home = await runLumatop(["track", "home-1"], env: env)
        #expect(home.status == 0, describe(home))
        #expect(FileManager.default.fileExists(
            atPath: sandbox.home.appendingPathComponent(".local/state/lumatop/lumatop.sqlite3").path))
        let list = await runLumatop(["list", "--json"], env: env)
        #expect(jsonObjects(list).compactMap { $0["id"] as? String } == ["home-1"], describe(list))
    }

    @Test func emptyListSaysSo() async throws {
        let sandbox = try Sandbox()
        let list = await runLumatop(["list", "--state-dir", sandbox.stateDir.path], env: sandbox.env())
        #expect(list.status == 0, describe(list))
        #expect(list.stdout.isEmpty, describe(list))
        #expect(list.stderr.contains("no generations tracked"), describe(list))
        let json = await runLumatop(["list", "--json", "--state-dir", sandbox.stateDir.path], env: sandbox.env())
        #expect(json.status == 0, describe(json))
        #expect(json.stdout.isEmpty, describe(json))
    }

    @Test func concurrentTrackersLoseNothing() async throws {
        let sandbox = try Sandbox()
        let dir = ["--state-dir", sandbox.stateDir.path]
        let writers = 50, perWriter = 2
        let expected = (0..<writers).flatMap { w in (0..<perWriter).map { "w\(w)-id\($0)" } }
        // Start all of them before waiting on any, so they really overlap.
        var processes: [ChildProcess] = []
        for w in 0..<writers {
            let ids = (0..<perWriter).map { "w\(w)-id\($0)" }
            processes.append(try startLumatop(["track"] + ids + dir + ["shared-id"], env: sandbox.env(key: nil)))
        }
        for (w, process) in processes.enumerated() {
            let run = await process.finish(timeout: 60)
            #expect(run.status == 0, "writer \(w): \(describe(run))")
            #expect(!run.stderr.contains("corrupt"), "writer \(w): \(describe(run))")
        }
        let list = await runLumatop(["list", "--json"] + dir, env: sandbox.env(key: nil))
        #expect(list.status == 0, describe(list))
        #expect(!list.stderr.contains("unusable"), describe(list))
        let ids = jsonObjects(list).compactMap { $0["id"] as? String }
        #expect(Set(ids) == Set(expected + ["shared-id"]), "missing: \(Set(expected).subtracting(ids).sorted())")
        #expect(ids.count == expected.count + 1, "duplicates: \(ids)")
        // Each writer's ids stay in the order it gave them.
        for w in 0..<writers {
            let mine = ids.filter { $0.hasPrefix("w\(w)-") }
            #expect(mine == (0..<perWriter).map { "w\(w)-id\($0)" })
        }
        // Nothing was moved aside, and the database needs no repair.
        let names = try FileManager.default.contentsOfDirectory(atPath: sandbox.stateDir.path)
        #expect(Set(names).isSubset(of: ["lumatop.sqlite3", "lumatop.sqlite3-wal", "lumatop.sqlite3-shm"]), "\(names)")
        #expect(try integrity(of: sandbox.database) == "ok")
    }

    @Test func trackAndUntrackWhileAWatchIsSavingLoseNothing() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let dir = ["--state-dir", sandbox.stateDir.path]
        // A stays processing until the other shell's changes are made, however slowly they run.
        server.script.script("A", [answer("A", .pending), answer("A", .processing)])
        server.script.script("B", [answer("B", .processing)])
        #expect(await runLumatop(["track", "A", "B"] + dir, env: sandbox.env()).status == 0)

        // The watch follows A only; B stays in the list but is not watched.
        let watch = try startLumatop(["watch", "--exit-status", "--timeout", "60", "--interval", "1",
                                        "--base-url", server.baseURL, "A"] + dir, env: sandbox.env())
        await eventually("the watch to poll A twice") { server.script.requests(for: "A").count >= 2 }
        let track = await runLumatop(["track", "X", "Y"] + dir, env: sandbox.env())
        #expect(track.status == 0, describe(track))
        let untrack = await runLumatop(["untrack", "B"] + dir, env: sandbox.env())
        #expect(untrack.status == 0, describe(untrack))
        let changedAt = Date()
        server.script.script("A", [answer("A", .processing), answer("A", .completed)])
        let run = await watch.finish(timeout: 90)
        #expect(run.status == 0, describe(run))
        // The watch saved answers after the other shell's changes: they overlapped.
        let lastPoll = try #require(server.script.requests(for: "A").last?.at)
        #expect(lastPoll > changedAt, "the changes did not overlap the watch; the test proves nothing")
        #expect(server.script.requests(for: "B").isEmpty, "an unwatched id was polled")

        let list = await runLumatop(["list", "--json"] + dir, env: sandbox.env())
        let objects = jsonObjects(list)
        #expect(objects.compactMap { $0["id"] as? String } == ["A", "X", "Y"], describe(list))
        #expect(objects.first?["state"] as? String == "completed", describe(list))
    }

    @Test func statusReportsTheErrorNotAStaleAnswer() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let dir = ["--state-dir", sandbox.stateDir.path]
        server.script.script("S", [answer("S", .processing), .error(500, message: "down")])
        #expect(await runLumatop(["track", "S"] + dir, env: sandbox.env()).status == 0)
        let first = await runLumatop(["status", "--json", "--base-url", server.baseURL] + dir, env: sandbox.env())
        #expect(first.status == 0, describe(first))
        #expect(jsonObjects(first).first?["state"] as? String == "processing")
        let second = await runLumatop(["status", "--json", "--base-url", server.baseURL] + dir, env: sandbox.env())
        #expect(second.status == 1, describe(second))
        let object = try #require(jsonObjects(second).first)
        #expect(isNull(object["state"]), describe(second))
        #expect((object["error"] as? String)?.contains("500") == true, describe(second))
        // The last good answer stays in the list.
        let list = await runLumatop(["list", "--json"] + dir, env: sandbox.env())
        #expect(jsonObjects(list).first?["state"] as? String == "processing", describe(list))
    }

    @Test func maxInFlightBoundsConcurrentRequests() async throws {
        let sandbox = try Sandbox()
        let ids = (1...8).map { "m\($0)" }
        let server = try ScriptedServer()
        for id in ids { server.script.script(id, [answer(id, .completed).delayed(0.3)]) }
        let status = await runLumatop(["status", "--json", "--max-in-flight", "2", "--base-url", server.baseURL] + ids,
                                      env: sandbox.env())
        #expect(status.status == 0, describe(status))
        #expect(status.lines.count == 8)
        #expect(server.script.maxConcurrent <= 2, "max concurrent \(server.script.maxConcurrent)")
        #expect(server.script.requests.count == 8)

        let server2 = try ScriptedServer()
        for id in ids { server2.script.script(id, [answer(id, .processing).delayed(0.3), answer(id, .completed).delayed(0.3)]) }
        let watch = await runLumatop(["watch", "--exit-status", "--timeout", "60", "--interval", "1", "--max-in-flight", "3",
                                      "--base-url", server2.baseURL] + ids, env: sandbox.env())
        #expect(watch.status == 0, describe(watch))
        #expect(server2.script.maxConcurrent <= 3, "max concurrent \(server2.script.maxConcurrent)")
        #expect(Set(server2.requestedIDs) == Set(ids))

        // The default is 4.
        let server3 = try ScriptedServer()
        for id in ids { server3.script.script(id, [answer(id, .completed).delayed(0.3)]) }
        let plain = await runLumatop(["status", "--json", "--base-url", server3.baseURL] + ids, env: sandbox.env())
        #expect(plain.status == 0, describe(plain))
        #expect(server3.script.maxConcurrent <= 4, "max concurrent \(server3.script.maxConcurrent)")
    }

    @Test func unusableStateDirExitsTwo() async throws {
        let sandbox = try Sandbox()
        let blocker = sandbox.file("not-a-dir")
        try Data("x".utf8).write(to: blocker)
        let server = try ScriptedServer()
        for args in [["track", "a1"], ["list"], ["status", "--base-url", server.baseURL, "a1"]] {
            let run = await runLumatop(args + ["--state-dir", blocker.appendingPathComponent("sub").path], env: sandbox.env())
            #expect(run.status == 2, "\(args): \(describe(run))")
            #expect(!run.stderr.isEmpty, "\(args)")
        }
    }
}
