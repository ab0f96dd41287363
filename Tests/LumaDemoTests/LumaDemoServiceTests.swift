import Foundation
import Testing
import TestSupport
import LumaDemo
import LumaKit

/// The demo in the official API's shape, through the real client over loopback.
@Suite(.waitsOffThePool) struct LumaDemoServiceTests {
    let clock = ManualClock()

    func served() throws -> (LumaDemoService, DemoServer, LumaClient) {
        let service = LumaDemoService(now: clock.now)
        let server = DemoServer(handler: { service.handle($0) })
        try server.start()
        service.mediaBase = server.baseURL + "/media"
        let client = LumaClient(endpoint: try ServiceEndpoint(server.baseURL + LumaDemoService.basePath),
                                apiKey: LumaDemoService.apiKey)
        return (service, server, client)
    }

    @Test func theListComesInPagesNewestFirst() async throws {
        let (service, server, client) = try served()
        defer { server.stop() }
        let all = try await client.listed(limit: 100).get()
        #expect(all.count == 12 && all.map(\.id) == service.ids)
        #expect(all.map(\.id) == service.timeline.ids.reversed())
        #expect(all.allSatisfy { $0.provider == .luma && $0.generationType == "video" && $0.model == "ray-2" })
        let base = server.baseURL + LumaDemoService.basePath + "/generations"
        let first = await rawGet(base + "?limit=5&offset=0", key: LumaDemoService.apiKey).json
        #expect(first?["has_more"] as? Bool == true && first?["count"] as? Int == 5 && first?["offset"] as? Int == 0)
        let last = await rawGet(base + "?limit=5&offset=10", key: LumaDemoService.apiKey).json
        #expect(last?["has_more"] as? Bool == false && (last?["generations"] as? [Any])?.count == 2)
        let refused = await rawGet(base + "?limit=0", key: LumaDemoService.apiKey)
        #expect(refused.status == 422 && refused.json?["detail"] is String)
    }

    @Test func generationsGoQueuedDreamingCompletedAndOneFails() async throws {
        let (service, server, client) = try served()
        defer { server.stop() }
        let oldestFirst = service.timeline.ids
        #expect(try await client.fetched(oldestFirst[0]).get().stateWord == "completed")
        let waiting = try await client.fetched(oldestFirst[6]).get()
        #expect(waiting.stateWord == "queued" && waiting.state == .pending && waiting.videoMedia == nil)
        clock.advance(25)
        #expect(try await client.fetched(oldestFirst[5]).get().stateWord == "dreaming")
        clock.advance(100)
        let failed = try await client.fetched(oldestFirst[5]).get()
        #expect(failed.state == .failed && failed.failureReason?.isEmpty == false)
        let done = try await client.fetched(oldestFirst[6]).get()
        #expect(done.stateWord == "completed" && done.videoMedia?.url != nil && done.progressVideoURL != nil)
        // The picture is a real JPEG, served by the demo.
        let picture = await rawGet(try #require(done.thumbnailMedia?.url))
        #expect(picture.status == 200 && picture.header("Content-Type") == "image/jpeg")
        #expect(Array(picture.body.prefix(2)) == [0xFF, 0xD8])
    }

    @Test func creditsGoDownAsTheDemoCreatesAndExtends() async throws {
        let (service, server, client) = try served()
        defer { server.stop() }
        #expect(try await client.credited().get() == .balance(cents: LumaDemoService.startingCredits))
        let made = try await client.created(GenerationOrder(prompt: "a lantern on a lake", resolution: "1080p", duration: "9")).get()
        #expect(made.generation?.stateWord == "queued" && made.generation?.resolution == "1080p")
        #expect(try await client.credited().get()
                == .balance(cents: LumaDemoService.startingCredits - LumaDemoService.createCost))
        #expect(service.ids.first == made.id, "newest first")
        // Only a completed generation can be extended.
        let early = await client.created(GenerationOrder(kind: .extend(parentID: made.id), prompt: "and then dawn"))
        #expect(early == .failure(.refused(status: 400, message: "Can only extend a completed generation")))
        clock.advance(100)
        let done = try await client.fetched(made.id).get()
        #expect(done.stateWord == "completed" && done.requestedDuration == "9s" && done.durationSeconds == 9)
        let child = try await client.created(GenerationOrder(kind: .extend(parentID: made.id), prompt: "and then dawn")).get()
        #expect(child.generation?.aspectRatio == "16:9")
        #expect(service.credits == LumaDemoService.startingCredits - 2 * LumaDemoService.createCost)
        let bad = await client.created(GenerationOrder(prompt: "cat dance", model: "ray-9"))
        #expect(bad == .failure(.refused(status: 400, message: "Unknown model ray-9")))
    }

    @Test func aDeletedGenerationIsGoneEverywhere() async throws {
        let (service, server, client) = try served()
        defer { server.stop() }
        let id = service.ids[3]
        #expect(await client.deleted(id) == nil)
        #expect(await client.fetched(id) == .failure(.notFound))
        #expect(try await !client.listed(limit: 100).get().contains { $0.id == id })
        #expect(await client.deleted(id) == .notFound)
    }

    @Test func theKeyIsCheckedAndUnknownRoutesAre404() async throws {
        let (_, server, _) = try served()
        defer { server.stop() }
        let stranger = LumaClient(endpoint: try ServiceEndpoint(server.baseURL + LumaDemoService.basePath), apiKey: "wrong")
        #expect(await stranger.credited() == .failure(.unauthorized(status: 401)))
        let unknown = await rawGet(server.baseURL + LumaDemoService.basePath + "/nowhere", key: LumaDemoService.apiKey)
        #expect(unknown.status == 404 && unknown.json?["detail"] as? String == "Not Found")
        // The relay's routes are not this demo's.
        #expect(await rawGet(server.baseURL + "/luma/generations/x", key: LumaDemoService.apiKey).status == 404)
    }
}
