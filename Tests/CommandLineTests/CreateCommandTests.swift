import Foundation
import Testing
import TestSupport
import LumaDemo
import LumaKit

/// `lumatop create`: the exact request, what is printed and tracked, and what is refused unsent.
@Suite(.startsProcesses) struct CreateCommandTests {
    @Test func sendsThePromptPrintsTheIDAndTracksIt() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let run = await runLumatop(["create", "cat dance", "--base-url", server.baseURL, "--state-dir", sandbox.stateDir.path],
                                   env: sandbox.env())
        #expect(run.status == 0, describe(run))
        #expect(run.stdout == "new-1\n", describe(run))
        let sent = try #require(server.script.creates.first)
        #expect(server.script.creates.count == 1)
        #expect(sent.path == "/luma/generations" && sent.authorization == "Bearer test-key")
        #expect(sent.body == #"{"prompt":"cat dance","aspect_ratio":"16:9"}"#)
        let list = await runLumatop(["list", "--json", "--state-dir", sandbox.stateDir.path], env: sandbox.env())
        #expect(list.lines.count == 1 && list.stdout.contains(#""id":"new-1","state":"pending","prompt":"cat dance""#), describe(list))
    }

    @Test func everyOptionAndFieldReachTheBody() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let run = await runLumatop(["create", "a fox", "--aspect-ratio", "21:9", "--model", "ray-v2", "--resolution", "1080p",
                                    "--duration", "9", "--loop", "--expand-prompt", "--image", "https://img.example/a.jpg",
                                    "--end-image", "https://img.example/b.jpg", "--field", "resolution=\"720p\"",
                                    "--field", "seed=7", "--field", "notify_hook=https://hook.example/x", "--field", "style=",
                                    "--base-url", server.baseURL], env: sandbox.env())
        #expect(run.status == 0, describe(run))
        #expect(server.script.creates.map(\.body) == [
            #"{"prompt":"a fox","aspect_ratio":"21:9","model_name":"ray-v2","resolution":"720p","duration":"9","loop":true,"#
                + #""expand_prompt":true,"image_url":"https://img.example/a.jpg","image_end_url":"https://img.example/b.jpg","#
                + #""seed":7,"notify_hook":"https://hook.example/x","style":""}"#,
        ])
    }

    @Test func aDashReadsThePromptFromStandardInput() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let shell = ["/bin/sh", "-c", #"printf '熊猫在竹林里 "eats"\n' | exec "$@""#, "sh", LumatopBinary.path]
        let run = await runLumatop(["create", "-", "--base-url", server.baseURL], env: sandbox.env(), command: shell)
        #expect(run.status == 0, describe(run))
        #expect(server.script.creates.first?.body == #"{"prompt":"熊猫在竹林里 \"eats\"","aspect_ratio":"16:9"}"#)
    }

    @Test func aDryRunShowsTheRequestSendsNothingAndNeedsNoKey() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        for key: String? in ["secret-key-123", nil] {
            let run = await runLumatop(["create", "cat dance", "--loop", "--dry-run", "--base-url", server.baseURL],
                                       env: sandbox.env(key: key))
            #expect(run.status == 0, describe(run))
            #expect(run.lines == ["POST \(server.baseURL)/luma/generations", #"{"prompt":"cat dance","aspect_ratio":"16:9","loop":true}"#],
                    describe(run))
            #expect(!run.allOutput.contains("secret-key-123"))
        }
        let extend = await runLumatop(["extend", "parent-1", "more", "--dry-run", "--base-url", server.baseURL], env: sandbox.env())
        #expect(extend.lines == ["POST \(server.baseURL)/luma/generations/parent-1/extend", #"{"user_prompt":"more"}"#], describe(extend))
        #expect(server.script.creates.isEmpty && server.requestedIDs.isEmpty, "nothing was sent")
        #expect(!FileManager.default.fileExists(atPath: sandbox.defaultStateFile.path), "nothing was tracked")
    }

    @Test func jsonPrintsTheSameObjectAsStatus() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.scriptCreates([answer("gen-7", .pending, prompt: "cat dance")])
        let run = await runLumatop(["create", "cat dance", "--json", "--base-url", server.baseURL], env: sandbox.env())
        #expect(run.status == 0, describe(run))
        let line = try #require(run.lines.first)
        #expect(run.lines.count == 1 && keyOrder(line) == StatusReport.keys, describe(run))
        let object = try #require(jsonObjects(run).first)
        #expect(object["id"] as? String == "gen-7" && object["state"] as? String == "pending")
        #expect(object["prompt"] as? String == "cat dance" && isNull(object["error"]))
    }

    @Test(arguments: [
        (["create", ""], "the prompt is empty"),
        (["create", " \n "], "the prompt is empty"),
        (["create", String(repeating: "長", count: 5_001)], "5001 characters, more than 5000"),
        (["create", "p", "--aspect-ratio", "5:4"], "unknown aspect ratio \"5:4\""),
        (["create", "p", "--image", "ftp://img.example/a.jpg"], "start image must be an http(s) URL"),
        (["create", "p", "--end-image", "javascript:alert(1)"], "end image must be an http(s) URL"),
        (["create", "p", "--field", "seed"], "is not KEY=VALUE"),
        (["create", "p", "--field", "=7"], "needs a KEY"),
        (["create"], "give a PROMPT or --from-file"),
        (["extend", "../etc", "p"], "invalid task id"),
        (["extend", "parent-1", ""], "the prompt is empty"),
    ])
    func anInvalidOrderExitsTwoAndSendsNothing(args: [String], words: String) async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let run = await runLumatop(args + ["--base-url", server.baseURL], env: sandbox.env())
        #expect(run.status == 2, describe(run))
        #expect(run.stderr.contains(words), describe(run))
        #expect(run.stdout.isEmpty)
        #expect(server.script.creates.isEmpty && server.requestedIDs.isEmpty)
    }

    @Test func aRefusalShowsTheServicesCleanedWordsAndExitsOne() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.scriptCreates([.json(400, Data(#"{"detail":{"reason":"quota \u001b[31mexhausted\u0007","code":"q"}}"#.utf8))])
        let run = await runLumatop(["create", "cat dance", "--base-url", server.baseURL], env: sandbox.env())
        #expect(run.status == 1, describe(run))
        #expect(run.stderr.contains("refused (HTTP 400): quota"), describe(run))
        #expect(run.stderr.contains("exhausted"), describe(run))
        #expect(!run.allOutput.contains("\u{1B}") && !run.allOutput.contains("\u{07}"))
        #expect(run.stdout.isEmpty && server.script.creates.count == 1)
        #expect(!FileManager.default.fileExists(atPath: sandbox.defaultStateFile.path), "nothing was tracked")
    }
}
