import Foundation
import Testing
import LumaDemo
@testable import LumaKit

/// Creates and extends on the official API, as its server receives them.
@Suite(.waitsOffThePool) struct LumaCreateTests {
    func created(_ id: String, status: Int = 201) -> DemoResponse {
        .json(status, Data(official(id, state: "queued").utf8))
    }

    @Test func aCreateSendsTheOfficialFieldsWithImagesAsKeyframes() async throws {
        let net = try LumaLoopback()
        net.route("POST /generations/video", [created("new-1")])
        let order = GenerationOrder(prompt: "a \"fox\"\nin snow", aspectRatio: "9:16", resolution: "1080p", duration: "9",
                                    loop: true, image: "https://img.example/a.jpg", endImage: "https://img.example/b.png")
        let made = try await net.client.created(order).get()
        #expect(made.id == "new-1" && made.generation?.state == .pending && made.generation?.stateWord == "queued")
        let sent = try #require(net.arrived.first)
        #expect(sent.method == "POST" && sent.path == "/dream-machine/v1/generations/video")
        #expect(sent.contentType == "application/json" && sent.authorization == "Bearer luma-test-key")
        #expect(sent.body == #"{"prompt":"a \"fox\"\nin snow","model":"ray-2","aspect_ratio":"9:16","resolution":"1080p","#
            + #""duration":"9s","loop":true,"keyframes":{"frame0":{"type":"image","url":"https://img.example/a.jpg"},"#
            + #""frame1":{"type":"image","url":"https://img.example/b.png"}}}"#)
        // What --dry-run shows is what went.
        #expect(LumaClient.createRequest(for: order, endpoint: net.client.endpoint)
                == CreateRequest(method: "POST", url: "\(net.server.baseURL)/dream-machine/v1/generations/video", body: sent.body))
    }

    @Test func theSmallestCreateHasPromptModelAndAspectRatio() async throws {
        let net = try LumaLoopback()
        net.route("POST /generations/video", [created("new-1")])
        _ = await net.client.created(GenerationOrder(prompt: "cat dance", model: "ray-flash-2", duration: "5s",
                                                     fields: [OrderField(key: "loop", value: .bool(false))]))
        #expect(net.arrived.first?.body == #"{"prompt":"cat dance","model":"ray-flash-2","aspect_ratio":"16:9","duration":"5s","loop":false}"#)
    }

    @Test func anExtendNamesItsParentAsTheFirstKeyframe() async throws {
        let net = try LumaLoopback()
        net.route("POST /generations/video", [created("child")])
        let made = try await net.client.created(GenerationOrder(kind: .extend(parentID: "parent-1"), prompt: "and then it rains")).get()
        #expect(made.id == "child")
        #expect(net.arrived.first?.body
                == #"{"prompt":"and then it rains","model":"ray-2","keyframes":{"frame0":{"type":"generation","id":"parent-1"}}}"#)
    }

    @Test func a429SaysHowLongToWaitAndNothingWasMade() async throws {
        let net = try LumaLoopback()
        net.route("POST /generations/video", [.json(429, Data(#"{"detail": "Too many requests"}"#.utf8), headers: [("Retry-After", "7")]),
                                              .json(429, Data(#"{"detail": "Too many requests"}"#.utf8))])
        let first = await net.client.created(GenerationOrder(prompt: "cat dance"))
        #expect(first == .failure(.rateLimited(retryAfter: 7)))
        #expect(CreateFailure.rateLimited(retryAfter: 7).description.contains("try again in 7s"))
        #expect(await net.client.created(GenerationOrder(prompt: "cat dance")) == .failure(.rateLimited(retryAfter: nil)))
        #expect(net.arrived.count == 2, "each sent once, never again by itself")
    }

    @Test func refusalsAndUnknownOutcomes() async throws {
        let net = try LumaLoopback()
        net.route("POST /generations/video", [
            .json(400, Data(#"{"detail": "Loop is not supported with keyframes\u001b[0m"}"#.utf8)),
            .json(500, Data(#"{"detail": "Internal"}"#.utf8)),
            .json(201, Data(#"{"id": "relay-shaped", "state": "pending"}"#.utf8)),
            .json(201, Data(#"{"state": "queued"}"#.utf8)),
        ])
        let order = GenerationOrder(prompt: "cat dance")
        #expect(await net.client.created(order) == .failure(.refused(status: 400, message: "Loop is not supported with keyframes")))
        #expect(await net.client.created(order) == .failure(.unknownOutcome(detail: "HTTP 500")))
        // Made, but not in the official shape: the id is what matters now.
        #expect(await net.client.created(order) == .success(Created(id: "relay-shaped", generation: nil)))
        #expect(await net.client.created(order) == .failure(.unknownOutcome(detail: "the answer has no id")))
        // An invalid order is never sent.
        #expect(await net.client.created(GenerationOrder(prompt: "  ")) == .failure(.refused(status: 0, message: "not sent: the prompt is empty")))
        #expect(net.arrived.count == 4)
    }
}

/// Pacing a run of creates under the official limit, on a clock moved by hand.
@Suite struct CreatePaceTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func twentyGoAtOnceTheTwentyFirstWaitsForTheFirstToLeaveTheMinute() {
        var pace = CreatePace()
        for i in 0..<20 {
            let now = start + Double(i)
            #expect(pace.wait(at: now) == 0)
            pace.record(at: now)
        }
        #expect(pace.wait(at: start + 20) == 40)
        #expect(pace.wait(at: start + 59.5) == 0.5)
        #expect(pace.wait(at: start + 60) == 0)
        pace.record(at: start + 60)
        // The window slides: now the second send must leave.
        #expect(pace.wait(at: start + 60) == 1)
        #expect(pace.sent.count == 20)
    }

    @Test func a429HoldsEverythingUntilItsWaitIsOver() {
        var pace = CreatePace(limit: 3, window: 10)
        pace.record(at: start)
        pace.rateLimited(retryAfter: 30, at: start + 1)
        #expect(pace.wait(at: start + 1) == 30)
        #expect(pace.wait(at: start + 31) == 0)
        // No wait said: a whole window.
        pace.rateLimited(retryAfter: nil, at: start + 40)
        #expect(pace.wait(at: start + 40) == 10)
        // A shorter later wait does not shorten a longer one.
        pace.rateLimited(retryAfter: 100, at: start + 41)
        pace.rateLimited(retryAfter: 1, at: start + 42)
        #expect(pace.wait(at: start + 42) == 99)
        // Absurd waits are held, not trusted.
        var held = CreatePace()
        held.rateLimited(retryAfter: .infinity, at: start)
        #expect(held.wait(at: start) == Bounded.longestWait)
    }
}
