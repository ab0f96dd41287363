import Foundation
import Testing
import TestSupport
@testable import LumaDemo
import LumaKit

/// The demo takes creates and extends as a relay does, and runs what they made at its own pace.
@Suite(.waitsOffThePool) struct DemoCreateTests {
    private func post(_ service: DemoService, _ path: String, _ body: String, key: String? = DemoService.apiKey) -> DemoResponse {
        service.handle(DemoRequest(method: "POST", path: path,
                                   headers: key.map { [("Authorization", "Bearer \($0)")] } ?? [], body: Data(body.utf8)))
    }

    private func object(_ r: DemoResponse) -> JSONValue? { JSONValue.parse(r.body) }

    @Test func aCreateAnswersInTheRelaysShapeAndRunsToCompletion() throws {
        let clock = ManualClock()
        let service = DemoService(now: clock.now)
        let untouched = DemoService(now: clock.now)
        let catalogue = service.ids
        let r = post(service, "/luma/generations", #"{"prompt":"a fox in snow","aspect_ratio":"9:16"}"#)
        #expect(r.status == 201)
        let answer = try #require(object(r))
        guard case .object(let pairs) = answer else { Issue.record("not an object"); return }
        #expect(pairs.map(\.0) == ["id", "prompt", "state", "created_at", "video", "estimate_wait_seconds"])
        #expect(answer["state"] == .string("pending") && answer["prompt"] == .string("a fox in snow"))
        #expect(WireDate.parse(answer["created_at"]?.stringValue) == clock.now())
        let id = try #require(answer["id"]?.stringValue)
        #expect(!catalogue.contains(id) && service.ids.contains(id))
        #expect(service.generation(id)?.state == .pending)
        clock.advance(21)
        #expect(service.generation(id)?.state == .processing)
        clock.advance(70)
        let done = try #require(service.generation(id))
        #expect(done.state == .completed && done.width == 752 && done.height == 1360)
        #expect(done.palette != nil, "its thumbnail is drawn from a palette of its own")
        #expect(done.prompt == "a fox in snow")
        // The catalogue goes on as before: the demo's own jobs are the same with or without creates.
        clock.advance(DemoCatalog.newEvery * 2)
        #expect(untouched.ids.count > catalogue.count)
        #expect(service.ids.filter { $0 != id } == untouched.ids)
    }

    @Test func aPromptWithFailFails() throws {
        let clock = ManualClock()
        let service = DemoService(now: clock.now)
        let id = try #require(object(post(service, "/luma/generations", #"{"prompt":"this should FAIL"}"#))?["id"]?.stringValue)
        clock.advance(100)
        #expect(service.generation(id)?.state == .failed)
        #expect(service.generation(id)?.failureReason != nil)
    }

    @Test func anExtendNeedsAKnownCompletedGeneration() throws {
        let clock = ManualClock()
        let service = DemoService(now: clock.now)
        let done = try #require(service.ids.first { service.generation($0)?.state == .completed })
        let open = try #require(service.ids.first { service.generation($0)?.state == .pending })
        let unknown = post(service, "/luma/generations/nobody/extend", #"{"user_prompt":"more"}"#)
        #expect(unknown.status == 404)
        let pending = post(service, "/luma/generations/\(open)/extend", #"{"user_prompt":"more"}"#)
        #expect(pending.status == 400)
        #expect(ServiceMessage.from(pending.body).contains("pending"))
        let ok = post(service, "/luma/generations/\(done)/extend", #"{"user_prompt":"and then it rains"}"#)
        #expect(ok.status == 201)
        let child = try #require(object(ok)?["id"]?.stringValue)
        clock.advance(100)
        let parent = try #require(service.generation(done))
        let grown = try #require(service.generation(child))
        #expect(grown.state == .completed && grown.prompt == "and then it rains")
        #expect(grown.aspectRatio == parent.aspectRatio, "a continuation keeps its parent's frame")
        #expect((grown.durationSeconds ?? 0) > (parent.durationSeconds ?? 0))
    }

    @Test func refusalsComeInTheErrorShape() {
        let service = DemoService(now: ManualClock().now)
        #expect(post(service, "/luma/generations", #"{"prompt":"p"}"#, key: "wrong").status == 401)
        #expect(post(service, "/luma/generations", #"{"prompt":""}"#).status == 400)
        #expect(post(service, "/luma/generations", "not json").status == 400)
        let ratio = post(service, "/luma/generations", #"{"prompt":"p","aspect_ratio":"5:4"}"#)
        #expect(ratio.status == 400 && ServiceMessage.from(ratio.body).contains("5:4"))
    }

    @Test func theClientCreatesOverRealHTTP() async throws {
        let service = DemoService(now: ManualClock().now)
        let (server, client) = try served(service)
        defer { server.stop() }
        let created = await withCheckedContinuation { done in
            client.create(GenerationOrder(prompt: "cat dance", aspectRatio: "1:1")) { done.resume(returning: $0) }
        }
        let id = try created.get().id
        #expect(try await client.fetched(id).get().aspectRatio == "1:1")
    }
}
