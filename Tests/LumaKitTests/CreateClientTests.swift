import Foundation
import Testing
import LumaDemo
@testable import LumaKit

/// Creates and extends over real HTTP on loopback: the exact request, and the one-send rule.
@Suite(.waitsOffThePool) struct CreateClientTests {
    private func client(_ net: Loopback, deadline: TimeInterval = 60) throws -> QuickRouterClient {
        QuickRouterClient(endpoint: try ServiceEndpoint(net.server.baseURL), apiKey: "test-key", createTimeout: deadline)
    }

    @Test func aCreateSendsThePromptAndAspectRatioOnly() async throws {
        let net = try Loopback()
        let result = await net.client.created(GenerationOrder(prompt: "cat dance"))
        #expect(try result.get().id == "new-1")
        // The relay's answer has its prompt at the top: kept, as asked, for the list to show.
        #expect(try result.get().generation?.prompt == "cat dance" && result.get().generation?.aspectRatio == "16:9")
        let sent = try #require(net.script.creates.first)
        #expect(sent.path == "/luma/generations")
        #expect(sent.body == #"{"prompt":"cat dance","aspect_ratio":"16:9"}"#)
        #expect(sent.authorization == "Bearer test-key")
        #expect(net.client.request(for: GenerationOrder(prompt: "cat dance"))
                == CreateRequest(method: "POST", url: "\(net.server.baseURL)/luma/generations", body: sent.body))
    }

    @Test func everyOptionHasItsKeyInAFixedOrder() async throws {
        let net = try Loopback()
        let order = GenerationOrder(prompt: "a \"fox\"\nin snow", aspectRatio: "9:16", model: "ray-v2", resolution: "720p",
                                    duration: "5", loop: true, expandPrompt: true, image: "https://img.example/a.jpg",
                                    endImage: "http://img.example/b.png")
        _ = await net.client.created(order)
        #expect(net.script.creates.map(\.body) == [
            #"{"prompt":"a \"fox\"\nin snow","aspect_ratio":"9:16","model_name":"ray-v2","resolution":"720p","duration":"5","#
                + #""loop":true,"expand_prompt":true,"image_url":"https://img.example/a.jpg","image_end_url":"http://img.example/b.png"}"#,
        ])
    }

    @Test func fieldsReplaceInPlaceOrComeLast() async throws {
        let net = try Loopback()
        let fields = try ["aspect_ratio=\"4:3\"", "seed=7", "style=noir", "tags=[1,\"a\"]", "user_prompt=x", "seed=8"]
            .map(OrderField.init(parsing:))
        _ = await net.client.created(GenerationOrder(prompt: "p", fields: fields))
        #expect(net.script.creates.first?.body == #"{"prompt":"p","aspect_ratio":"4:3","seed":8,"style":"noir","tags":[1,"a"],"user_prompt":"x"}"#)
    }

    @Test func anExtendPostsUserPromptToTheParentsRoute() async throws {
        let net = try Loopback()
        let order = GenerationOrder(kind: .extend(parentID: "parent-1"), prompt: "and then it rains", loop: true)
        let result = await net.client.created(order)
        #expect(try result.get().id == "new-1")
        let sent = try #require(net.script.creates.first)
        #expect(sent.path == "/luma/generations/parent-1/extend")
        #expect(sent.body == #"{"user_prompt":"and then it rains","loop":true}"#)
    }

    @Test func aFullAnswerIsKeptAsTheGeneration() async throws {
        let net = try Loopback()
        net.script.scriptCreates([answer("gen-9", .pending, prompt: "cat dance")])
        let created = try await net.client.created(GenerationOrder(prompt: "cat dance")).get()
        #expect(created.id == "gen-9" && created.generation?.state == .pending)
    }

    @Test func eachErrorBodyShapeGivesTheServicesWords() async throws {
        let net = try Loopback()
        let cases: [(Int, String, String)] = [
            (400, #"{"error":{"message":"insufficient quota","type":"x","code":"insufficient_user_quota"}}"#, "insufficient quota"),
            (403, #"{"error":"model not allowed"}"#, "model not allowed"),
            (422, #"{"detail":"prompt is too short"}"#, "prompt is too short"),
            (400, #"{"detail":{"reason":"blacklisted words","code":"x"}}"#, "blacklisted words"),
            (400, #"{"code":"model_not_found","message":"no such model ray-v9","data":null}"#, "no such model ray-v9"),
            (404, "<html>\u{1B}[31mnot here</html>", "<html>not here</html>"),
        ]
        for (status, body, words) in cases {
            net.script.scriptCreates([DemoResponse.json(status, Data(body.utf8))])
            let result = await net.client.created(GenerationOrder(prompt: "p"))
            #expect(result == .failure(.refused(status: status, message: words)), "\(body)")
        }
    }

    @Test func a429SaysNothingWasMadeAndWhenToTryAgain() async throws {
        let net = try Loopback()
        net.script.scriptCreates([.error(429, message: "slow down", headers: [("Retry-After", "7")])])
        let result = await net.client.created(GenerationOrder(prompt: "p"))
        #expect(result == .failure(.rateLimited(retryAfter: 7)))
        #expect(CreateFailure.rateLimited(retryAfter: 7).description.contains("nothing was created"))
    }

    /// Whatever happens after the order left, it is sent exactly once.
    @Test func noRetryAfterA500AMalformedAnswerACutOrATimeout() async throws {
        let cases: [(DemoResponse, String)] = [
            (.error(500, message: "boom"), "HTTP 500"),
            (.error(502, message: "bad gateway"), "HTTP 502"),
            (.text(200, "<html>gateway</html>"), "the answer has no id"),
            (.json(201, Data(#"{"id":"../etc"}"#.utf8)), #"the answer's id "../etc" is not a task id"#),
            (.cutOff, "the connection closed before an answer"),
            (.hung, "timed out after 0.5 s"),
        ]
        for (response, detail) in cases {
            let net = try Loopback()
            net.script.scriptCreates([response])
            let result = await (try client(net, deadline: 0.5)).created(GenerationOrder(prompt: "p"))
            #expect(result == .failure(.unknownOutcome(detail: detail)), "\(result)")
            #expect(net.script.creates.count == 1, "\(detail): sent \(net.script.creates.count) times")
            if case .failure(let failure) = result {
                #expect(failure.description.hasSuffix("may or may not have been created; not retried"))
                #expect(!failure.description.contains("test-key"))
            }
        }
    }

    /// A create never rides a connection something else used (a stale one could make it go twice).
    @Test func aCreateGoesOnAFreshConnection() async throws {
        let net = try Loopback()
        net.script.script("abc", [answer("abc", .completed)])
        _ = await net.client.fetched("abc")
        _ = await net.client.fetched("abc")
        #expect(net.server.connectionsAccepted == 1, "fetches keep their connection alive")
        _ = await net.client.created(GenerationOrder(prompt: "p"))
        _ = await net.client.created(GenerationOrder(prompt: "q"))
        #expect(net.server.connectionsAccepted == 3)
        #expect(net.script.creates.count == 2)
    }

    @Test func aConnectionRefusedIsSaidAtOnce() async throws {
        let refusing = try RefusingPort()
        let client = QuickRouterClient(endpoint: try ServiceEndpoint(refusing.baseURL), apiKey: "test-key")
        let result = await client.created(GenerationOrder(prompt: "p"))
        #expect(result == .failure(.unknownOutcome(detail: "connection refused")))
    }

    @Test func anInvalidOrderIsNotSent() async throws {
        let net = try Loopback()
        for order in [GenerationOrder(prompt: "  "), GenerationOrder(prompt: "p", aspectRatio: "5:4"),
                      GenerationOrder(prompt: String(repeating: "a", count: 5_001)),
                      GenerationOrder(prompt: "p", image: "file:///etc/passwd"),
                      GenerationOrder(kind: .extend(parentID: "../x"), prompt: "p"),
                      GenerationOrder(prompt: "p", fields: [OrderField(key: "", value: .int(1))])] {
            #expect(throws: OrderInvalid.self) { try order.validate() }
            guard case .failure(.refused(0, _)) = await net.client.created(order) else {
                Issue.record("sent: \(order)"); continue
            }
        }
        #expect(net.script.creates.isEmpty)
    }
}
