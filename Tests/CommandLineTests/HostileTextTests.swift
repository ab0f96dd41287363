import Foundation
import GRDB
import Testing
import TestSupport
import LumaDemo
import LumaKit

/// A server whose answers carry escape sequences, C1 controls, bidi overrides and zero-width
/// characters in every string, against every command: none of it reaches stdout or stderr raw.
@Suite(.startsProcesses) struct HostileTextTests {
    static let word = "dream\u{1B}[2J\u{202E}ing\u{9D}0;x\u{9C}\u{200B}"
    static let prompt = "fox\u{1B}]0;PWNED\u{07}\u{1B}[38;2;1;2;3m red \u{9B}5m\u{202E}txt.exe\u{200B}\u{FEFF}\u{2066}end\u{7F}"
    static let reason = "bad\u{1B}[5m \u{2067}reason\u{2069}\u{85}\u{200D}"
    static let url = "http://127.0.0.2:1/v\u{1B}]52;c;cGF5bG9hZA==\u{07}\u{202E}4pm.mp4"
    static let ids = ["hostile-1", "hostile-2", "hostile-3"]

    /// hostile-1 is in an undocumented state, then fails; hostile-2 failed; hostile-3 completed with
    /// hostile URLs. Each answer echoes an id of its own.
    func hostileServer() throws -> ScriptedServer {
        let server = try ScriptedServer()
        let echo = "echo\u{1B}[31m\u{202E}"
        var failed = Generation(id: echo, state: .failed, prompt: Self.prompt, aspectRatio: "16:9\u{1B}[1m\u{2068}",
                                failureReason: Self.reason)
        server.script.script("hostile-1", [.generation(Generation(id: echo, state: .unknown(Self.word), prompt: Self.prompt)),
                                           .generation(failed)])
        failed.id = "hostile-2"
        server.script.script("hostile-2", [.generation(failed)])
        let media = Media(url: Self.url, width: 1360, height: 752, downloadURL: Self.url)
        server.script.script("hostile-3", [.generation(Generation(id: echo, state: .completed, prompt: Self.prompt,
                                                                  video: media, videoRaw: media))])
        return server
    }

    func expectNoneRaw(_ run: LumatopRun, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let raw = run.allOutput.unicodeScalars.filter { $0 != "\n" && UntrustedText.escapesInJSON($0) }
        #expect(raw.isEmpty, "\(what) printed \(raw.map(UntrustedText.marker)): \(describe(run))", sourceLocation: sourceLocation)
    }

    @Test func statusShowsTheServersTextVisiblyOrEscaped() async throws {
        let sandbox = try Sandbox()
        let server = try hostileServer()
        let table = await runLumatop(["status", "--base-url", server.baseURL] + Self.ids, env: sandbox.env())
        #expect(table.status == 0, describe(table))
        expectNoneRaw(table, "status")
        #expect(table.stdout.contains("dream<U+202E>ing"), "the state word shows, marked: \(describe(table))")
        #expect(table.stdout.contains("red <U+202E>txt.exe<U+200B><U+FEFF><U+2066>end"), describe(table))

        let fresh = try hostileServer()
        let json = await runLumatop(["status", "--json", "--base-url", fresh.baseURL] + Self.ids, env: sandbox.env())
        #expect(json.status == 0, describe(json))
        expectNoneRaw(json, "status --json")
        let objects = jsonObjects(json)
        try #require(objects.count == 3, describe(json))
        // JSON stays faithful: escaped, it reads back to exactly what the server said.
        #expect(objects[0]["state"] as? String == Self.word && objects[1]["failure_reason"] as? String == Self.reason)
        #expect(objects.allSatisfy { $0["prompt"] as? String == Self.prompt })
        #expect(objects[2]["video_url"] as? String == Self.url)
        #expect(json.stdout.contains(#"\u202e"#) && json.stdout.contains(#"\u001b"#), describe(json))
    }

    @Test(arguments: [false, true])
    func watchLinesAndTheHooksVariablesAreClean(json: Bool) async throws {
        let sandbox = try Sandbox()
        let server = try hostileServer()
        let run = await runLumatop(["watch", "--interval", "1", "--timeout", "30", "--base-url", server.baseURL,
                                    "--on-complete", "printenv LUMATOP_ID LUMATOP_STATE LUMATOP_VIDEO_URL LUMATOP_DOWNLOAD_URL"]
                                   + (json ? ["--json"] : []) + Self.ids, env: sandbox.env())
        #expect(run.status == 0, describe(run))
        expectNoneRaw(run, json ? "watch --json" : "watch")
        if json {
            #expect(jsonObjects(run).contains { $0["state"] as? String == Self.word }, describe(run))
        } else {
            #expect(run.lines.contains { $0.contains("dream<U+202E>ing") }, describe(run))
            #expect(run.lines.contains { $0.contains("bad <U+2067>reason<U+2069><U+200D>") }, describe(run))
        }
        // The hook printed its variables on stderr: a URL with a bidi override may not leave
        // lumatop, so it reaches the hook empty.
        #expect(run.stderr.contains("hostile-3\ncompleted\n\n\n"), describe(run))
        #expect(!run.stderr.contains("4pm.mp4"), describe(run))
    }

    @Test func listShowsTheStateFileCleaned() async throws {
        let sandbox = try Sandbox()
        let server = try hostileServer()
        let state = ["--state-dir", sandbox.stateDir.path]
        #expect(await runLumatop(["track"] + state + Self.ids, env: sandbox.env()).status == 0)
        #expect(await runLumatop(["status", "--base-url", server.baseURL] + state, env: sandbox.env()).status == 0)
        // A hand-edited list: an id no command would take.
        try await DatabaseQueue(path: sandbox.database.path).write { db in
            try db.execute(sql: "INSERT INTO generations (id, tracked_at, changed) VALUES (?, 0, 0)",
                           arguments: ["evil\u{1B}]0;PWNED\u{07}\u{202E}\u{200B}"])
        }

        let list = await runLumatop(["list"] + state, env: sandbox.env())
        #expect(list.status == 0, describe(list))
        expectNoneRaw(list, "list")
        #expect(list.stdout.contains("evil<U+202E><U+200B>") && list.stdout.contains("dream<U+202E>ing"), describe(list))
        let listJSON = await runLumatop(["list", "--json"] + state, env: sandbox.env())
        expectNoneRaw(listJSON, "list --json")
        let ids = jsonObjects(listJSON).compactMap { $0["id"] as? String }
        #expect(ids.contains("evil\u{1B}]0;PWNED\u{07}\u{202E}\u{200B}"), describe(listJSON))
        #expect(jsonObjects(listJSON).contains { $0["state"] as? String == Self.word }, describe(listJSON))
        // The answers the list keeps are JSON with every control escaped.
        let answers = try await DatabaseQueue(path: sandbox.database.path).read { try String.fetchAll($0, sql: "SELECT answer FROM generations WHERE answer IS NOT NULL") }
        #expect(answers.count == Self.ids.count)
        #expect(!answers.contains { $0.unicodeScalars.contains(where: UntrustedText.escapesInJSON) }, "an answer holds raw controls")
    }

    @Test func downloadMessagesAreClean() async throws {
        let sandbox = try Sandbox()
        let server = try hostileServer()
        let run = await runLumatop(["download", "--output", sandbox.file("videos").path, "--base-url", server.baseURL]
                                   + Self.ids, env: sandbox.env())
        #expect(run.status == 1, describe(run))
        expectNoneRaw(run, "download")
        #expect(run.stderr.contains("hostile-1 is dream<U+202E>ing"), describe(run))
        #expect(run.stderr.contains("hostile-3"), "the refused or failed URL is reported: \(describe(run))")
    }
}
