import Foundation
import Testing
import TestSupport
import LumaDemo
import LumaKit

/// Every command that takes ids takes the short id the list shows: a piece of at least six
/// characters that starts exactly one tracked id stands for it; one that starts several is refused.
@Suite(.startsProcesses) struct IDPrefixCommandTests {
    static let fox = "4665a07c-7641-4809-a133-10786201bb56"
    static let owl = "4665a0ff-0000-4809-a133-10786201bb56"
    static let cat = "9e4a07c2-7641-4809-a133-10786201bb56"

    /// A state directory tracking the three ids.
    func tracked(_ sandbox: Sandbox) async -> [String] {
        let dir = ["--state-dir", sandbox.stateDir.path]
        let run = await runLumatop(["track", Self.fox, Self.owl, Self.cat] + dir, env: sandbox.env())
        #expect(run.status == 0, describe(run))
        return dir
    }

    @Test func statusDownloadWatchAndLogNameTheTrackedId() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let dir = await tracked(sandbox)
        server.script.script(Self.cat, [answer(Self.cat, .processing, prompt: "cat dance")])
        server.script.script(Self.fox, [answer(Self.fox, .failed)])

        let status = await runLumatop(["status", "--json", "--base-url", server.baseURL, "9e4a07"] + dir, env: sandbox.env())
        #expect(status.status == 0, describe(status))
        #expect(server.requestedIDs == [Self.cat], "the full id was asked: \(server.requestedIDs)")
        #expect(jsonObjects(status).first?["id"] as? String == Self.cat, describe(status))

        let download = await runLumatop(["download", "--base-url", server.baseURL, "-o", sandbox.root.path, "9e4a07c2"] + dir,
                                        env: sandbox.env())
        #expect(download.status == 1, describe(download))
        #expect(download.stderr.contains("\(Self.cat) is processing: nothing to download yet"), describe(download))

        let watch = await runLumatop(["watch", "--base-url", server.baseURL, "4665a07"] + dir, env: sandbox.env())
        #expect(watch.status == 0, describe(watch))
        #expect(watch.stdout.contains(Self.fox) && watch.stdout.contains("failed"), describe(watch))
        #expect(Set(server.requestedIDs) == [Self.cat, Self.fox], "\(server.requestedIDs)")

        let log = await runLumatop(["log", "4665a07c"] + dir, env: sandbox.env())
        #expect(log.status == 0, describe(log))
        #expect(log.lines.count == 1 && log.lines.first?.contains("\(Self.fox)  - → failed") == true, describe(log))
    }

    @Test func untrackTrackAndExtendNameTheTrackedId() async throws {
        let sandbox = try Sandbox()
        let dir = await tracked(sandbox)

        let track = await runLumatop(["track", "9e4a07c2"] + dir, env: sandbox.env())
        #expect(track.status == 0, describe(track))
        let extend = await runLumatop(["extend", "9e4a07c2", "more", "--dry-run", "--base-url", "http://127.0.0.1:1"] + dir,
                                      env: sandbox.env())
        #expect(extend.lines.first == "POST http://127.0.0.1:1/luma/generations/\(Self.cat)/extend", describe(extend))

        let untrack = await runLumatop(["untrack", "9e4a07c2"] + dir, env: sandbox.env())
        #expect(untrack.status == 0 && untrack.stderr.isEmpty, describe(untrack))
        let list = await runLumatop(["list", "--json"] + dir, env: sandbox.env())
        #expect(jsonObjects(list).compactMap { $0["id"] as? String } == [Self.fox, Self.owl],
                "the piece named the tracked id, and `track` added none: \(describe(list))")

        // Shorter than six characters, a piece is a new id of its own.
        let short = await runLumatop(["untrack", "4665a"] + dir, env: sandbox.env())
        #expect(short.status == 0 && short.stderr.contains("4665a was not tracked"), describe(short))
    }

    /// Each command with the ambiguous piece in its place; the dashboard's own ids too (with no
    /// terminal it watches instead, after the same check).
    @Test(arguments: [["status", "4665a0"], ["watch", "4665a0"], ["download", "4665a0"], ["untrack", "4665a0"],
                      ["track", "4665a0"], ["log", "4665a0"], ["extend", "4665a0", "more", "--dry-run"], ["4665a0"]])
    func anAmbiguousPieceIsRefused(_ command: [String]) async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let dir = await tracked(sandbox)
        let service = ["untrack", "track", "log"].contains(command[0]) ? [] : ["--base-url", server.baseURL]
        let run = await runLumatop(command + service + dir, env: sandbox.env())
        #expect(run.status == 2, describe(run))
        #expect(run.stderr.contains("\"4665a0\" is the start of 2 tracked ids"), describe(run))
        #expect(run.stderr.contains("type more of it"), describe(run))
        #expect(server.requestedIDs.isEmpty, "nothing was asked")
        let list = await runLumatop(["list", "--json"] + dir, env: sandbox.env())
        #expect(jsonObjects(list).count == 3, "nothing tracked or untracked: \(describe(list))")
    }
}
