import Foundation
import Testing
import TestSupport
@testable import LumaDemo
import LumaKit

@Suite(.waitsOffThePool) struct DemoServiceTests {
    @Test func aDozenVariedGenerationsOverRealHTTP() async throws {
        let clock = ManualClock()
        let service = DemoService(now: clock.now)
        let (server, client) = try served(service)
        defer { server.stop() }
        let ids = service.ids
        #expect(ids.count == 12 && Set(ids).count == 12)
        #expect(ids.allSatisfy { $0.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/) != nil })
        let first = try await client.fetched(ids[0]).get()
        #expect(first.state == .completed)
        #expect(first.aspectRatio == "16:9" && first.width == 1360 && first.height == 752)
        #expect(first.palette != nil && first.durationSeconds != nil && first.downloadURL != nil)
        let answers = ids.compactMap(service.generation)
        #expect(Set(answers.compactMap(\.aspectRatio)) == ["16:9", "9:16", "1:1", "4:3"])
        let prompts = answers.compactMap(\.prompt)
        #expect(prompts.contains { $0.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } })
        #expect(prompts.contains { $0.unicodeScalars.contains { $0.properties.isEmojiPresentation } })
        #expect(prompts.contains { (150...260).contains($0.count) })
        #expect(answers.filter { $0.state == .completed }.count == 3)
        #expect(answers.filter { $0.state == .pending }.count == 9)
        #expect(answers.filter { $0.state == .pending }.allSatisfy { $0.videoMedia == nil && $0.thumbnailMedia == nil })
    }

    @Test func completedAnswerHasTheDocumentedShape() async throws {
        let service = DemoService()
        let (server, _) = try served(service)
        defer { server.stop() }
        let id = service.ids[0]
        let raw = await rawGet("\(server.baseURL)/luma/generations/\(id)", key: DemoService.apiKey)
        #expect(raw.status == 200)
        #expect(raw.header("Content-Type") == "application/json")
        #expect(raw.header("Content-Length") == String(raw.body.count))
        let o = try #require(raw.json)
        #expect(o["id"] as? String == id && o["state"] as? String == "completed")
        #expect(o["created_at"] is String)
        let video = try #require(o["video"] as? [String: Any])
        #expect((video["url"] as? String)?.hasPrefix("https://storage.cdn-luma.com/dream-machine/\(id)/") == true)
        #expect(video["download_url"] is String && video["width"] as? Int == 1360 && video["height"] as? Int == 752)
        let videoRaw = try #require(o["video_raw"] as? [String: Any])
        #expect([5.041667, 9.041667].contains(videoRaw["duration"] as? Double ?? 0))
        #expect(videoRaw["media_type"] as? String == "video")
        let thumbnail = try #require(o["thumbnail"] as? [String: Any])
        #expect(thumbnail["media_type"] as? String == "image")
        let grid = try #require((thumbnail["palette"] as? [String: Any])?["grid"] as? String)
        #expect(Data(base64Encoded: grid)?.count == 75)
        let lastFrame = try #require(o["last_frame"] as? [String: Any])
        #expect(lastFrame["palette"] == nil || lastFrame["palette"] is NSNull)
        let artifact = try #require(o["artifact"] as? [String: Any])
        #expect(artifact["video"] is [String: Any] && artifact["video_raw"] is [String: Any])
        #expect(artifact["thumbnail"] is [String: Any] && artifact["last_frame"] is [String: Any])
        let request = try #require(o["request"] as? [String: Any])
        #expect(request["prompt"] is String && request["aspect_ratio"] as? String == "16:9")
    }

    /// Walks the clock a second at a time and checks each id's path through the states.
    @Test(arguments: [42, 7] as [UInt64])
    func statesAdvanceAndExactlyOneFails(seed: UInt64) async throws {
        let clock = ManualClock()
        let service = DemoService(seed: seed, now: clock.now)
        let ids = Array(service.ids.dropFirst(3))
        var processingAt: [String: Int] = [:], finishedAt: [String: Int] = [:]
        for t in 0...100 {
            for id in ids {
                let g = try #require(service.generation(id))
                switch g.state {
                case .pending:
                    #expect(processingAt[id] == nil && finishedAt[id] == nil, "\(id) went back to pending at \(t)")
                case .processing:
                    #expect(finishedAt[id] == nil, "\(id) went back to processing at \(t)")
                    processingAt[id] = processingAt[id] ?? t
                    #expect(g.videoMedia == nil)
                case .completed, .failed:
                    finishedAt[id] = finishedAt[id] ?? t
                    #expect(g.state == .failed ? g.failureReason?.isEmpty == false : g.palette != nil && g.downloadURL != nil)
                default: Issue.record("unexpected state \(g.state)")
                }
            }
            clock.advance(1)
        }
        for id in ids {
            #expect((1...21).contains(processingAt[id] ?? -1), "\(id) started processing at \(String(describing: processingAt[id]))")
            #expect((30...91).contains(finishedAt[id] ?? -1), "\(id) finished at \(String(describing: finishedAt[id]))")
        }
        let finals = ids.compactMap(service.generation)
        let failed = finals.filter { $0.state == .failed }
        #expect(failed.count == 1 && finals.filter { $0.state == .completed }.count == ids.count - 1)
        #expect((38...42).contains(finishedAt[failed.first?.id ?? ""] ?? -1))
        #expect(failed.first?.failureReason?.contains("moderation") == true)
    }

    @Test func aNewGenerationEvery45Seconds() async throws {
        let clock = ManualClock()
        let service = DemoService(now: clock.now)
        let appeared = Locked([String]())
        service.onNewGeneration = { id in appeared.withLock { $0.append(id) } }
        clock.advance(44)
        #expect(service.ids.count == 12 && appeared.current.isEmpty)
        clock.advance(1)
        let ids = service.ids
        #expect(ids.count == 13 && appeared.current == [ids[12]])
        var processingAt: Int?, completedAt: Int?
        for t in 0...95 {
            let state = service.generation(ids[12])?.state
            if t == 0 { #expect(state == .pending) }
            if state == .processing { processingAt = processingAt ?? t }
            if state == .completed { completedAt = completedAt ?? t }
            clock.advance(1)
        }
        #expect((1...21).contains(processingAt ?? -1) && (30...91).contains(completedAt ?? -1))
        // 141 s in: new ones came at 45, 90 and 135 s.
        #expect(service.ids.count == 15 && appeared.current == Array(service.ids.suffix(3)))
    }

    @Test func oneGenerationAnswers429OnceOnTheWire() async throws {
        let service = DemoService()
        let (server, _) = try served(service)
        defer { server.stop() }
        var answers: [(String, RawAnswer)] = []
        for id in service.ids {
            answers.append((id, await rawGet("\(server.baseURL)/luma/generations/\(id)", key: DemoService.apiKey)))
        }
        let limited = answers.filter { $0.1.status == 429 }
        #expect(limited.count == 1 && answers.filter { $0.1.status == 200 }.count == 11)
        let (id, first) = try #require(limited.first)
        #expect(first.header("Retry-After") == "2" && first.json?["error"] != nil)
        #expect(await rawGet("\(server.baseURL)/luma/generations/\(id)", key: DemoService.apiKey).status == 200)
    }

    @Test func theClientSeesTheRateLimitThenTheAnswer() async throws {
        let service = DemoService()
        let (server, client) = try served(service)
        defer { server.stop() }
        var results: [(String, Result<Generation, APIError>)] = []
        for id in service.ids { results.append((id, await client.fetched(id))) }
        let limited = results.filter { $0.1 == .failure(.rateLimited(retryAfter: 2)) }
        #expect(limited.count == 1)
        let id = try #require(limited.first).0
        await #expect(throws: Never.self) { try await client.fetched(id).get() }
    }

    @Test func wrongKeyUnknownIDsAndOtherRoutes() async throws {
        let service = DemoService()
        let (server, client) = try served(service)
        defer { server.stop() }
        let stranger = QuickRouterClient(endpoint: try ServiceEndpoint(server.baseURL), apiKey: "nope")
        await #expect(throws: APIError.unauthorized(status: 401)) { try await stranger.fetched(service.ids[0]).get() }
        await #expect(throws: APIError.notFound) { try await client.fetched("no-such-task").get() }
        let noKey = await rawGet("\(server.baseURL)/luma/generations/\(service.ids[0])")
        #expect(noKey.status == 401 && noKey.json?["error"] != nil)
        for (path, method) in [("/luma/tasks", "GET"), ("/luma/generations", "GET"), ("/", "GET"),
                               ("/luma/generations/\(service.ids[0])", "POST")] {
            let r = await rawGet(server.baseURL + path, key: DemoService.apiKey, method: method)
            #expect(r.status == 404 && r.json?["error"] != nil, "\(method) \(path)")
            #expect(r.header("Content-Type") == "application/json")
        }
    }

    @Test func palettesAreSmoothBlends() async throws {
        let clock = ManualClock()
        let service = DemoService(now: clock.now)
        clock.advance(100) // everything of the first dozen has finished
        func distance(_ a: RGB, _ b: RGB) -> Int {
            abs(Int(a.r) - Int(b.r)) + abs(Int(a.g) - Int(b.g)) + abs(Int(a.b) - Int(b.b))
        }
        let palettes = service.ids.prefix(12).compactMap { service.generation($0)?.palette }
        #expect(palettes.count == 11) // all but the failed one
        let sizes = ["16:9": [1360, 752], "9:16": [752, 1360], "1:1": [1024, 1024], "4:3": [1152, 864]]
        for g in service.ids.prefix(12).compactMap(service.generation) where g.state == .completed {
            #expect(sizes[g.aspectRatio ?? ""] == [g.width ?? 0, g.height ?? 0], "\(g.id)")
        }
        for palette in palettes {
            var spread = 0
            for row in 0..<5 {
                for col in 0..<5 {
                    spread = max(spread, distance(palette[0, 0], palette[row, col]))
                    if col < 4 { #expect(distance(palette[row, col], palette[row, col + 1]) < 120) }
                    if row < 4 { #expect(distance(palette[row, col], palette[row + 1, col]) < 120) }
                }
            }
            #expect(spread > 30, "a flat palette")
        }
        #expect(Set(palettes).count == palettes.count)
    }

    @Test func sameSeedSameDemo() async {
        #expect(DemoService(seed: 7).ids == DemoService(seed: 7).ids)
        #expect(DemoService(seed: 7).ids != DemoService(seed: 8).ids)
    }
}

@Suite(.waitsOffThePool) struct DemoBatchTests {
    @Test func batchQueryAnswersTheKnownIdsAsABareArray() async throws {
        let service = DemoService()
        let (server, client) = try served(service)
        defer { server.stop() }
        let ids = Array(service.ids.prefix(4))
        let answers = try await fetchBatch(client, ids + ["no-such-task"]).get()
        #expect(Set(answers.map(\.id)) == Set(ids))
        #expect(answers.allSatisfy { $0.state != .unknown("") })
        #expect(answers.first { $0.id == ids[0] }?.prompt == service.generation(ids[0])?.prompt)
    }

    @Test func batchQueryNeedsTheKey() async throws {
        let service = DemoService()
        let server = DemoServer(handler: { service.handle($0) })
        try server.start()
        defer { server.stop() }
        let client = QuickRouterClient(endpoint: try ServiceEndpoint(server.baseURL), apiKey: "wrong")
        await #expect(throws: APIError.unauthorized(status: 401)) { try await fetchBatch(client, service.ids).get() }
    }

    func fetchBatch(_ client: QuickRouterClient, _ ids: [String]) async -> Result<[Generation], APIError> {
        await withCheckedContinuation { done in client.fetchBatch(ids) { done.resume(returning: $0) } }
    }
}
