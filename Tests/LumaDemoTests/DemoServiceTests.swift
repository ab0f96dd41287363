import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import LumaDemo
import LumaKit

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    private let time = Locked(Date(timeIntervalSince1970: 1_800_000_000))
    func now() -> Date { time.current }
    func advance(_ seconds: TimeInterval) { time.withLock { $0 += seconds } }
}

@Suite struct DemoServiceTests {
    func served(_ service: DemoService) throws -> (DemoServer, QuickRouterClient) {
        let server = DemoServer(handler: { service.handle($0) })
        try server.start()
        let client = QuickRouterClient(endpoint: try ServiceEndpoint(server.baseURL), apiKey: DemoService.apiKey)
        return (server, client)
    }

    @Test func aDozenVariedGenerationsOverRealHTTP() throws {
        let clock = ManualClock()
        let service = DemoService(now: clock.now)
        let (server, client) = try served(service)
        defer { server.stop() }
        #expect(service.ids.count == 12)
        #expect(Set(service.ids).count == 12)
        let first = try client.fetchAndWait(service.ids[0]).get()
        #expect(first.state == .completed)
        #expect(first.aspectRatio == "16:9" && first.width == 1360 && first.height == 752)
        #expect(first.palette != nil && first.durationSeconds != nil && first.downloadURL != nil)
        let answers = service.ids.compactMap(service.generation)
        #expect(Set(answers.compactMap(\.aspectRatio)) == ["16:9", "9:16", "1:1", "4:3"])
        #expect(answers.contains { $0.prompt?.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF } == true })
        #expect(answers.contains { ($0.prompt?.count ?? 0) > 150 })
        #expect(answers.filter { $0.state == .completed }.count == 3)
        #expect(answers.filter { $0.state == .pending }.count == 9)
    }

    @Test func statesAdvanceOneFailsAndNewOnesAppear() throws {
        let clock = ManualClock()
        let service = DemoService(now: clock.now)
        let appeared = Locked([String]())
        service.onNewGeneration = { id in appeared.withLock { $0.append(id) } }
        let ids = service.ids
        clock.advance(25)
        #expect(ids.dropFirst(3).allSatisfy { service.generation($0)?.state == .processing })
        clock.advance(70) // 95 s: everything of the first dozen is finished
        let answers = ids.compactMap(service.generation)
        #expect(answers.filter { $0.state == .failed }.count == 1)
        #expect(answers.first { $0.state == .failed }?.failureReason?.isEmpty == false)
        #expect(answers.filter { $0.state == .completed }.count == 11)
        let now = service.ids
        #expect(now.count == 14) // one at 45 s, one at 90 s
        #expect(appeared.current == Array(now.suffix(2)))
        #expect(service.generation(now[12])?.state != nil)
    }

    @Test func oneGenerationAnswers429OnceThenNormally() throws {
        let service = DemoService()
        let (server, client) = try served(service)
        defer { server.stop() }
        let results = service.ids.map { ($0, client.fetchAndWait($0)) }
        let limited = results.filter { if case .failure(.rateLimited(retryAfter: 2)) = $0.1 { true } else { false } }
        #expect(limited.count == 1)
        #expect(results.filter { if case .success = $0.1 { true } else { false } }.count == 11)
        let id = try #require(limited.first).0
        #expect(throws: Never.self) { try client.fetchAndWait(id).get() }
    }

    @Test func wrongKeyAndUnknownIDs() throws {
        let service = DemoService()
        let (server, client) = try served(service)
        defer { server.stop() }
        let stranger = QuickRouterClient(endpoint: try ServiceEndpoint(server.baseURL), apiKey: "nope")
        #expect(throws: APIError.unauthorized(status: 401)) { try stranger.fetchAndWait(service.ids[0]).get() }
        #expect(throws: APIError.notFound) { try client.fetchAndWait("no-such-task").get() }
    }

    @Test func palettesLookLikeThumbnails() throws {
        let service = DemoService()
        for id in service.ids {
            guard let palette = DemoCatalog.job(service.ids.firstIndex(of: id)!, seed: 42).palette as Palette? else { continue }
            var near = 0, total = 0
            for row in 0..<5 {
                for col in 0..<4 {
                    let a = palette[row, col], b = palette[row, col + 1]
                    let d = abs(Int(a.r) - Int(b.r)) + abs(Int(a.g) - Int(b.g)) + abs(Int(a.b) - Int(b.b))
                    total += 1
                    if d < 120 { near += 1 }
                }
            }
            #expect(near == total, "neighbouring cells of \(id) are far apart")
        }
    }

    @Test func sameSeedSameDemo() {
        #expect(DemoService(seed: 7).ids == DemoService(seed: 7).ids)
        #expect(DemoService(seed: 7).ids != DemoService(seed: 8).ids)
    }
}

@Suite struct DemoServerTests {
    @Test func scriptedAnswersInOrderLastRepeats() throws {
        let script = ScriptedService(apiKey: "k")
        script.script("a", [.error(500, message: "x"), .error(404, message: "y"), .json(200, Data(#"{"id":"a","state":"pending"}"#.utf8))])
        let server = try script.serve()
        defer { server.stop() }
        let client = QuickRouterClient(endpoint: try ServiceEndpoint(server.baseURL), apiKey: "k")
        #expect(throws: APIError.server(status: 500)) { try client.fetchAndWait("a").get() }
        #expect(throws: APIError.notFound) { try client.fetchAndWait("a").get() }
        #expect(try client.fetchAndWait("a").get().state == .pending)
        #expect(try client.fetchAndWait("a").get().state == .pending)
        #expect(script.requests(for: "a").count == 4)
    }

    @Test func delaysRunInParallelAndAreCounted() throws {
        let script = ScriptedService(apiKey: "k")
        script.setDefault(.json(200, Data(#"{"id":"x","state":"processing"}"#.utf8)).delayed(0.4))
        let server = try script.serve()
        defer { server.stop() }
        let client = QuickRouterClient(endpoint: try ServiceEndpoint(server.baseURL), apiKey: "k")
        let group = DispatchGroup()
        for i in 0..<4 {
            group.enter()
            client.fetch("x\(i)") { _ in group.leave() }
        }
        group.wait()
        #expect(script.maxConcurrent == 4)
        #expect(script.requests.count == 4)
    }

    @Test func hungConnectionBlocksNeitherOthersNorStop() throws {
        let script = ScriptedService(apiKey: "k")
        script.script("stuck", [.hung])
        script.script("ok", [.json(200, Data(#"{"id":"ok","state":"completed"}"#.utf8))])
        let server = try script.serve()
        let client = QuickRouterClient(endpoint: try ServiceEndpoint(server.baseURL), apiKey: "k", timeout: 30)
        let stuck = Locked(Result<Generation, APIError>?.none)
        client.fetch("stuck") { r in stuck.withLock { $0 = r } }
        #expect(try client.fetchAndWait("ok").get().state == .completed)
        #expect(stuck.current == nil)
        server.stop()
        // Stopping closes the hung connection: the client hears about it long before its 30 s deadline.
        let end = Date() + 10
        while stuck.current == nil && Date() < end { Thread.sleep(forTimeInterval: 0.02) }
        guard case .failure(.transport)? = stuck.current else { Issue.record("hung request not ended: \(String(describing: stuck.current))"); return }
    }

    @Test func otherRoutesAre404() throws {
        let server = DemoServer(handler: { DemoService().handle($0) })
        try server.start()
        defer { server.stop() }
        let url = URL(string: "\(server.baseURL)/luma/tasks")!
        let done = DispatchSemaphore(value: 0)
        let status = Locked(0)
        URLSession.shared.dataTask(with: url) { _, response, _ in
            status.withLock { $0 = (response as? HTTPURLResponse)?.statusCode ?? -1 }
            done.signal()
        }.resume()
        done.wait()
        #expect(status.current == 404)
    }
}
