import Foundation
import GRDB
import Testing
import TestSupport
import LumaDemo
import LumaKit

/// A state file or database that is corrupt, or written by a newer lumatop: set aside intact,
/// or left alone, never overwritten.
@Suite(.startsProcesses) struct StateFileSafetyTests {
    @Test func corruptStateFileIsMovedAsideIntact() async throws {
        let sandbox = try Sandbox()
        try FileManager.default.createDirectory(at: sandbox.stateDir, withIntermediateDirectories: true)
        let file = sandbox.stateDir.appendingPathComponent("tracked.json")
        let garbage = Data("{\"version\": 1, \"generations\": [ this is not json \u{0}\u{1}\u{2}".utf8)
        try garbage.write(to: file)

        let list = await runLumatop(["list", "--state-dir", sandbox.stateDir.path], env: sandbox.env())
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
        let track = await runLumatop(["track", "fresh-1", "--state-dir", sandbox.stateDir.path], env: sandbox.env())
        #expect(track.status == 0, describe(track))
        #expect(!track.stderr.contains("corrupt"), describe(track))
        let again = await runLumatop(["list", "--json", "--state-dir", sandbox.stateDir.path], env: sandbox.env())
        #expect(jsonObjects(again).compactMap { $0["id"] as? String } == ["fresh-1"], describe(again))
        // The set-aside copy is untouched by later runs.
        #expect(try Data(contentsOf: sandbox.stateDir.appendingPathComponent(aside[0])) == garbage)

        // `track` on a corrupt file sets it aside too, says so, and keeps the new id.
        let other = sandbox.file("state2")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try garbage.write(to: other.appendingPathComponent("tracked.json"))
        let track2 = await runLumatop(["track", "new-1", "--state-dir", other.path], env: sandbox.env())
        #expect(track2.status == 0, describe(track2))
        #expect(track2.stderr.contains("moved it to"), describe(track2))
        let names2 = try FileManager.default.contentsOfDirectory(atPath: other.path)
        let aside2 = try #require(names2.first { $0.hasPrefix("tracked.json.corrupt-") }, "\(names2)")
        #expect(try Data(contentsOf: other.appendingPathComponent(aside2)) == garbage)
        let list2 = await runLumatop(["list", "--json", "--state-dir", other.path], env: sandbox.env())
        #expect(jsonObjects(list2).compactMap { $0["id"] as? String } == ["new-1"], describe(list2))
    }

    @Test func aCorruptDatabaseIsMovedAsideIntact() async throws {
        let sandbox = try Sandbox()
        try FileManager.default.createDirectory(at: sandbox.stateDir, withIntermediateDirectories: true)
        let garbage = Data("SQLite format 3\u{0}but then nothing that follows makes sense \u{1}\u{2}".utf8)
        try garbage.write(to: sandbox.database)
        let dir = ["--state-dir", sandbox.stateDir.path]
        for args in [["list"], ["track", "fresh-1"]] {
            let run = await runLumatop(args + dir, env: sandbox.env())
            #expect(run.status == 0, "\(args): \(describe(run))")
            if args == ["list"] { #expect(run.stderr.contains("was corrupt") && run.stderr.contains("moved it to"), describe(run)) }
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: sandbox.stateDir.path)
        let aside = try #require(names.first { $0.hasPrefix("lumatop.sqlite3.corrupt-") }, "\(names)")
        #expect(try Data(contentsOf: sandbox.stateDir.appendingPathComponent(aside)) == garbage)
        let list = await runLumatop(["list", "--json"] + dir, env: sandbox.env())
        #expect(jsonObjects(list).compactMap { $0["id"] as? String } == ["fresh-1"], describe(list))
    }

    @Test func aDatabaseFromANewerVersionIsLeftAlone() async throws {
        let sandbox = try Sandbox()
        #expect(await runLumatop(["track", "a-1", "--state-dir", sandbox.stateDir.path], env: sandbox.env()).status == 0)
        try await DatabaseQueue(path: sandbox.database.path).writeWithoutTransaction { try $0.execute(sql: "PRAGMA user_version = 42") }
        let before = try Data(contentsOf: sandbox.database)
        for args in [["track", "n-1"], ["untrack", "a-1"], ["list"], ["log"]] {
            let run = await runLumatop(args + ["--state-dir", sandbox.stateDir.path], env: sandbox.env())
            #expect(run.status == 2, "\(args): \(describe(run))")
            #expect(run.stderr.contains("newer lumatop"), "\(args): \(describe(run))")
        }
        #expect(try Data(contentsOf: sandbox.database) == before, "a newer database was changed")
    }

    @Test func aStateFileFromANewerVersionIsLeftAlone() async throws {
        let sandbox = try Sandbox()
        try FileManager.default.createDirectory(at: sandbox.stateDir, withIntermediateDirectories: true)
        let file = sandbox.stateDir.appendingPathComponent("tracked.json")
        let future = Data(#"{"version": 99, "generations": [], "something": "new"}"#.utf8)
        try future.write(to: file)
        for args in [["track", "n-1"], ["untrack", "n-1"], ["list"]] {
            let run = await runLumatop(args + ["--state-dir", sandbox.stateDir.path], env: sandbox.env())
            #expect(run.status == 2, "\(args): \(describe(run))")
            #expect(run.stderr.contains("newer"), "\(args): \(describe(run))")
        }
        #expect(try Data(contentsOf: file) == future, "a newer file was changed")
        let names = try FileManager.default.contentsOfDirectory(atPath: sandbox.stateDir.path)
        #expect(names == ["tracked.json"], "\(names)")
    }
}

/// SQLite's own verdict on a database file: "ok" when it needs no repair.
func integrity(of database: URL) throws -> String? {
    try DatabaseQueue(path: database.path).read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
}
