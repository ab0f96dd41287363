import Foundation
import Testing
import TestSupport
import LumaDemo
import LumaKit

/// Never pay twice: an order whose outcome is unknown is reported, never sent again; a 429 made
/// nothing, so `--from-file` waits it out and sends the same line again.
@Suite(.startsProcesses) struct CreateSafetyTests {
    private func created(_ id: String) -> DemoResponse {
        .json(201, Data(#"{"id":"\#(id)","state":"pending"}"#.utf8))
    }

    @Test(arguments: [(500, "HTTP 500"), (0, "the connection closed before an answer"), (200, "the answer has no id")])
    func anUnknownOutcomeIsSentOnceAndSaysSo(status: Int, detail: String) async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let response: DemoResponse = switch status {
        case 0: .cutOff
        case 200: .text(200, "<html>gateway</html>")
        default: .error(status, message: "boom")
        }
        server.script.scriptCreates([response])
        let run = await runLumatop(["create", "a paper boat drifting down a rainy street, macro lens", "--base-url", server.baseURL],
                                   env: sandbox.env())
        #expect(run.status == 1, describe(run))
        #expect(server.script.creates.count == 1, "sent \(server.script.creates.count) times")
        #expect(run.stderr.contains("\(detail): may or may not have been created; not retried"), describe(run))
        #expect(run.stderr.contains(#"create sent at "#) && run.stderr.contains(#"("a paper boat drifting down a"#), describe(run))
        #expect(run.stdout.isEmpty)
    }

    @Test func anExtendWithAnUnknownOutcomeIsNotSentAgain() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("parent-1", [answer("parent-1", .completed)])
        server.script.scriptCreates([.error(503, message: "busy")])
        let run = await runLumatop(["extend", "parent-1", "more snow", "--base-url", server.baseURL], env: sandbox.env())
        #expect(run.status == 1, describe(run))
        #expect(run.stderr.contains("extend sent at") && run.stderr.contains("HTTP 503: may or may not have been created; not retried"),
                describe(run))
        #expect(server.script.creates.map(\.path) == ["/luma/generations/parent-1/extend"])
    }

    @Test func fromFileWaitsOutA429AndCreatesEveryLineOnce() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.scriptCreates([created("id-1"), .error(429, message: "slow down", headers: [("Retry-After", "1")]),
                                     created("id-2"), created("id-3")])
        let file = sandbox.file("prompts.txt")
        try "cat dance\n\n  a fox in snow  \n雪山上的红色小火车\n".write(to: file, atomically: true, encoding: .utf8)
        let run = await runLumatop(["create", "--from-file", file.path, "--aspect-ratio", "1:1", "--base-url", server.baseURL,
                                    "--state-dir", sandbox.stateDir.path], env: sandbox.env())
        #expect(run.status == 0, describe(run))
        #expect(run.lines == ["id-1", "id-2", "id-3"], describe(run))
        #expect(run.stderr.contains("rate limited (HTTP 429): nothing was created; sending \"a fox in snow\" again in 1s"), describe(run))
        let prompts = server.script.creates.map { JSONValue.parse($0.body)?["prompt"]?.stringValue ?? "?" }
        #expect(prompts == ["cat dance", "a fox in snow", "a fox in snow", "雪山上的红色小火车"])
        #expect(server.script.creates.allSatisfy { $0.body.contains(#""aspect_ratio":"1:1""#) })
        // It waited the Retry-After before the same line went again.
        let times = server.script.creates.map(\.at)
        #expect(times[2].timeIntervalSince(times[1]) >= 0.9)
        let list = await runLumatop(["list", "--json", "--state-dir", sandbox.stateDir.path], env: sandbox.env())
        #expect(jsonObjects(list).compactMap { $0["id"] as? String } == ["id-1", "id-2", "id-3"], describe(list))
    }

    @Test func fromFileStopsAtAnUnknownOutcome() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.scriptCreates([created("id-1"), .error(500, message: "boom")])
        let file = sandbox.file("prompts.txt")
        try "one\ntwo\nthree\nfour\n".write(to: file, atomically: true, encoding: .utf8)
        let run = await runLumatop(["create", "--from-file", file.path, "--base-url", server.baseURL], env: sandbox.env())
        #expect(run.status == 1, describe(run))
        #expect(run.lines == ["id-1"], describe(run))
        #expect(server.script.creates.count == 2)
        #expect(run.stderr.contains("not retried") && run.stderr.contains("2 more prompts were not sent"), describe(run))
    }

    @Test func fromFileChecksEveryLineBeforeSendingAny() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let file = sandbox.file("prompts.txt")
        try "one\n\(String(repeating: "x", count: 5_001))\nthree\n".write(to: file, atomically: true, encoding: .utf8)
        let run = await runLumatop(["create", "--from-file", file.path, "--base-url", server.baseURL], env: sandbox.env())
        #expect(run.status == 2, describe(run))
        #expect(run.stderr.contains("prompts.txt line 2: the prompt has 5001 characters"), describe(run))
        #expect(server.script.creates.isEmpty)
    }

    @Test func aSingle429ExitsOneSayingNothingWasCreated() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.scriptCreates([.error(429, message: "slow", headers: [("Retry-After", "30")])])
        let run = await runLumatop(["create", "cat dance", "--base-url", server.baseURL], env: sandbox.env())
        #expect(run.status == 1, describe(run))
        #expect(run.stderr.contains("rate limited (HTTP 429): nothing was created; try again in 30s"), describe(run))
        #expect(server.script.creates.count == 1)
    }
}
