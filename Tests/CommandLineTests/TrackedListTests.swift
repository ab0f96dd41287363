import Foundation
import Testing
import LumaDemo
import LumaKit

@Suite struct TrackedListTests {
    @Test func trackUntrackListAndStatusOfTheTrackedList() throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let dir = ["--state-dir", sandbox.stateDir.path]
        server.script.script("B", [answer("B", .completed)])
        server.script.script("C", [answer("C", .processing, prompt: "cat dance")])

        for args in [["track", "A", "B"], ["track", "B", "C"], ["untrack", "A"]] {
            let run = runLumatop(args + dir, env: sandbox.env())
            #expect(run.status == 0, "\(args): \(describe(run))")
            #expect(run.stdout.isEmpty, "\(args): \(describe(run))")
        }
        let untrackAgain = runLumatop(["untrack", "A"] + dir, env: sandbox.env())
        #expect(untrackAgain.status == 0, describe(untrackAgain))
        #expect(untrackAgain.stderr.contains("A was not tracked"), describe(untrackAgain))

        let list = runLumatop(["list", "--json"] + dir, env: sandbox.env())
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

        let status = runLumatop(["status", "--json", "--base-url", server.baseURL] + dir, env: sandbox.env())
        #expect(status.status == 0, describe(status))
        #expect(server.requestedIDs.sorted() == ["B", "C"], "fetched \(server.requestedIDs)")
        #expect(jsonObjects(status).compactMap { $0["id"] as? String } == ["B", "C"], describe(status))

        let after = runLumatop(["list", "--json"] + dir, env: sandbox.env())
        #expect(after.status == 0, describe(after))
        let objects = jsonObjects(after)
        #expect(objects.compactMap { $0["id"] as? String } == ["B", "C"], describe(after))
        #expect(objects.compactMap { $0["state"] as? String } == ["completed", "processing"], describe(after))
        #expect(objects.last?["prompt"] as? String == "cat dance")

        // The table form of list shows the same.
        let table = runLumatop(["list"] + dir, env: sandbox.env())
        #expect(table.status == 0, describe(table))
        #expect(table.lines.first?.hasPrefix("ID") == true, describe(table))
        #expect(table.lines.contains { $0.hasPrefix("B") && $0.contains("completed") && $0.contains("1360×752") },
                describe(table))

        // The key is never written to the state.
        let stateText = try String(contentsOf: sandbox.stateDir.appendingPathComponent("tracked.json"), encoding: .utf8)
        #expect(!stateText.contains("test-key"))
        let mode = try FileManager.default.attributesOfItem(
            atPath: sandbox.stateDir.appendingPathComponent("tracked.json").path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func defaultStateDirFollowsXDGStateHome() throws {
        let sandbox = try Sandbox()
        let track = runLumatop(["track", "xdg-1"], env: sandbox.env(key: nil))
        #expect(track.status == 0, describe(track))
        #expect(FileManager.default.fileExists(atPath: sandbox.defaultStateFile.path))

        // Without XDG_STATE_HOME: ~/.local/state/lumatop under HOME.
        var env = sandbox.env(key: nil)
        env["XDG_STATE_HOME"] = nil
        let home = runLumatop(["track", "home-1"], env: env)
        #expect(home.status == 0, describe(home))
        #expect(FileManager.default.fileExists(
            atPath: sandbox.home.appendingPathComponent(".local/state/lumatop/tracked.json").path))
        let list = runLumatop(["list", "--json"], env: env)
        #expect(jsonObjects(list).compactMap { $0["id"] as? String } == ["home-1"], describe(list))
    }

    @Test func emptyListSaysSo() throws {
        let sandbox = try Sandbox()
        let list = runLumatop(["list", "--state-dir", sandbox.stateDir.path], env: sandbox.env())
        #expect(list.status == 0, describe(list))
        #expect(list.stdout.isEmpty, describe(list))
        #expect(list.stderr.contains("no generations tracked"), describe(list))
        let json = runLumatop(["list", "--json", "--state-dir", sandbox.stateDir.path], env: sandbox.env())
        #expect(json.status == 0, describe(json))
        #expect(json.stdout.isEmpty, describe(json))
    }

    @Test func concurrentTrackersLoseNothing() throws {
        let sandbox = try Sandbox()
        let dir = ["--state-dir", sandbox.stateDir.path]
        let writers = 8, perWriter = 4
        let expected = (0..<writers).flatMap { w in (0..<perWriter).map { "w\(w)-id\($0)" } }
        // Start all of them before waiting on any, so they really overlap.
        var processes: [LumatopProcess] = []
        for w in 0..<writers {
            let ids = (0..<perWriter).map { "w\(w)-id\($0)" }
            processes.append(try LumatopProcess(["track"] + ids + dir + ["shared-id"], env: sandbox.env(key: nil)))
        }
        for (w, process) in processes.enumerated() {
            let run = process.wait(timeout: 60)
            #expect(run.status == 0, "writer \(w): \(describe(run))")
            #expect(!run.stderr.contains("corrupt"), "writer \(w): \(describe(run))")
        }
        let list = runLumatop(["list", "--json"] + dir, env: sandbox.env(key: nil))
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
        // No temporary file was left behind, and nothing was moved aside.
        let names = try FileManager.default.contentsOfDirectory(atPath: sandbox.stateDir.path)
        #expect(names.sorted() == ["tracked.json", "tracked.json.lock"], "\(names)")
    }

    @Test func corruptStateFileIsMovedAsideIntact() throws {
        let sandbox = try Sandbox()
        try FileManager.default.createDirectory(at: sandbox.stateDir, withIntermediateDirectories: true)
        let file = sandbox.stateDir.appendingPathComponent("tracked.json")
        let garbage = Data("{\"version\": 1, \"generations\": [ this is not json \u{0}\u{1}\u{2}".utf8)
        try garbage.write(to: file)

        let list = runLumatop(["list", "--state-dir", sandbox.stateDir.path], env: sandbox.env())
        #expect(list.status == 0, describe(list))
        #expect(list.stderr.contains("tracked.json"), describe(list))
        #expect(list.stderr.contains("moved it to"), describe(list))
        #expect(list.stderr.contains("corrupt"), describe(list))

        let names = try FileManager.default.contentsOfDirectory(atPath: sandbox.stateDir.path)
        let aside = names.filter { $0.hasPrefix("tracked.json.corrupt-") }
        try #require(aside.count == 1, "\(names)")
        #expect(list.stderr.contains(aside[0]), describe(list))
        let kept = try Data(contentsOf: sandbox.stateDir.appendingPathComponent(aside[0]))
        #expect(kept == garbage, "the corrupt file was not kept byte for byte")

        // The list starts empty and works again.
        let track = runLumatop(["track", "fresh-1", "--state-dir", sandbox.stateDir.path], env: sandbox.env())
        #expect(track.status == 0, describe(track))
        #expect(!track.stderr.contains("corrupt"), describe(track))
        let again = runLumatop(["list", "--json", "--state-dir", sandbox.stateDir.path], env: sandbox.env())
        #expect(jsonObjects(again).compactMap { $0["id"] as? String } == ["fresh-1"], describe(again))
        // The set-aside copy is untouched by later runs.
        #expect(try Data(contentsOf: sandbox.stateDir.appendingPathComponent(aside[0])) == garbage)
    }

    @Test func unusableStateDirExitsTwo() throws {
        let sandbox = try Sandbox()
        let blocker = sandbox.file("not-a-dir")
        try Data("x".utf8).write(to: blocker)
        let server = try ScriptedServer()
        for args in [["track", "a1"], ["list"], ["status", "--base-url", server.baseURL, "a1"]] {
            let run = runLumatop(args + ["--state-dir", blocker.appendingPathComponent("sub").path], env: sandbox.env())
            #expect(run.status == 2, "\(args): \(describe(run))")
            #expect(!run.stderr.isEmpty, "\(args)")
        }
    }
}
