import Foundation
import Testing
import TestSupport
import LumaDemo
import LumaKit

@Suite(.waitsOffThePool) struct DemoServerTests {
    func client(_ server: DemoServer, key: String = "k", timeout: TimeInterval = 20) throws -> QuickRouterClient {
        QuickRouterClient(endpoint: try ServiceEndpoint(server.baseURL), apiKey: key, timeout: timeout)
    }

    @Test func scriptedAnswersInOrderLastRepeatsAndRequestsAreRecorded() async throws {
        let script = ScriptedService(apiKey: "k")
        script.script("a", [.error(500, message: "x"), .error(404, message: "y"), .json(200, json(#"{"id":"a","state":"pending"}"#))])
        let server = try script.serve()
        defer { server.stop() }
        let client = try client(server)
        await #expect(throws: APIError.server(status: 500)) { try await client.fetched("a").get() }
        await #expect(throws: APIError.notFound) { try await client.fetched("a").get() }
        #expect(try await client.fetched("a").get().state == .pending)
        #expect(try await client.fetched("a").get().state == .pending)
        await #expect(throws: APIError.notFound) { try await client.fetched("unscripted").get() }
        #expect(script.requests.map(\.id) == ["a", "a", "a", "a", "unscripted"])
        let r = try #require(script.requests(for: "a").first)
        #expect(r.authorization == "Bearer k" && r.accept == "application/json")
        #expect(r.userAgent?.hasPrefix("lumatop/") == true)
        #expect(zip(script.requests, script.requests.dropFirst()).allSatisfy { $0.at <= $1.at })
    }

    @Test func defaultAnswerAndWrongKey() async throws {
        let script = ScriptedService(apiKey: "k")
        script.setDefault(.generation(Generation(id: "any", state: .processing)))
        let server = try script.serve()
        defer { server.stop() }
        #expect(try await client(server).fetched("whatever").get().state == .processing)
        await #expect(throws: APIError.unauthorized(status: 401)) { try await client(server, key: "bad").fetched("x").get() }
        #expect(script.requests(for: "x").first?.authorization == "Bearer bad")
    }

    @Test func answersCarryContentLengthAndJSONType() async throws {
        let script = ScriptedService(apiKey: "k")
        script.script("g", [.generation(Generation(id: "g", state: .completed, prompt: "一段海边日落的视频 🌅"))])
        script.script("e", [.error(503, message: "down", headers: [("Retry-After", "5")])])
        let server = try script.serve()
        defer { server.stop() }
        for id in ["g", "e"] {
            let r = await rawGet("\(server.baseURL)/luma/generations/\(id)?x=1", key: "k")
            #expect(r.header("Content-Type") == "application/json")
            #expect(r.header("Content-Length") == String(r.body.count) && !r.body.isEmpty)
            #expect(r.json != nil)
        }
        #expect(await rawGet("\(server.baseURL)/luma/generations/e", key: "k").header("Retry-After") == "5")
        #expect(script.requests.map(\.id) == ["g", "e", "e"]) // the query is not part of the id
    }

    @Test func keepAliveReusesOneConnection() async throws {
        let script = ScriptedService(apiKey: "k")
        script.setDefault(.generation(Generation(id: "x", state: .pending)))
        let server = try script.serve()
        defer { server.stop() }
        let client = try client(server)
        for i in 0..<5 { await #expect(throws: Never.self) { try await client.fetched("x\(i)").get() } }
        #expect(server.connectionsAccepted == 1)
    }

    @Test func delayedAnswersRunInParallelAndAreCounted() async throws {
        let script = ScriptedService(apiKey: "k")
        script.setDefault(DemoResponse.generation(Generation(id: "x", state: .processing)).delayed(0.3))
        let server = try script.serve()
        defer { server.stop() }
        let client = try client(server)
        let successes = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<5 {
                group.addTask { if case .success = await client.fetched("x\(i)") { true } else { false } }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(successes == 5)
        #expect(script.maxConcurrent == 5)
        #expect(script.requests.count == 5)
        await eventually("no request in progress") { script.inProgress == 0 }
    }

    @Test func hungConnectionBlocksNeitherOthersNorStop() async throws {
        let script = ScriptedService(apiKey: "k")
        script.script("stuck", [.hung])
        script.script("ok", [.json(200, json(#"{"id":"ok","state":"completed"}"#))])
        let server = try script.serve()
        let client = try client(server, timeout: 30)
        let stuck = Locked(Result<Generation, APIError>?.none)
        client.fetch("stuck") { r in stuck.withLock { $0 = r } }
        await eventually("the stuck request arrived") { script.requests(for: "stuck").count == 1 }
        #expect(try await client.fetched("ok").get().state == .completed)
        #expect(stuck.current == nil)
        // The write's completion may run a moment after the client has the answer.
        await eventually("one request in progress") { script.inProgress == 1 }
        #expect(script.maxConcurrent == 2)
        server.stop()
        server.stop() // idempotent
        // Stopping closes the hung connection: the client hears of it long before its 30 s deadline.
        await eventually("the hung request ended") { stuck.current != nil }
        guard case .failure(.transport)? = stuck.current else {
            Issue.record("hung request not ended: \(String(describing: stuck.current))"); return
        }
        await eventually("no request in progress") { script.inProgress == 0 }
    }

    @Test func aClientThatGivesUpEndsTheRequest() async throws {
        let script = ScriptedService(apiKey: "k")
        script.script("stuck", [.hung])
        let server = try script.serve()
        defer { server.stop() }
        // A plain socket, so the test decides when the client gives up (the client library's own
        // deadline is ClientTests' business).
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(server.port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(connected == 0)
        let request = Array("GET /luma/generations/stuck HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer k\r\n\r\n".utf8)
        #expect(write(fd, request, request.count) == request.count)
        await eventually(timeout: 60, "the request to arrive and hang") { script.inProgress == 1 }
        close(fd)
        await eventually(timeout: 60, "the request to end") { script.inProgress == 0 }
    }

    @Test func stoppedServerRefusesConnections() async throws {
        let server = DemoServer(handler: { _ in .error(500, message: "x") })
        try server.start()
        let port = server.port
        #expect(port > 0 && server.baseURL == "http://127.0.0.1:\(port)")
        server.stop()
        // URLSession rather than AsyncHTTPClient: the latter retries a refused connect until its deadline.
        #expect(await rawGet(server.baseURL + "/luma/generations/abc", key: "k").status == -1)
    }

    @Test func aHandlerMayStopItsOwnServer() async throws {
        let box = Locked<DemoServer?>(nil)
        let server = DemoServer(handler: { _ in
            box.current?.stop() // runs on the server's event loop: must not deadlock
            return .error(500, message: "stopping")
        })
        box.withLock { $0 = server }
        try server.start()
        _ = try await client(server, timeout: 5).fetched("abc")
        let url = server.baseURL
        await eventually("the server to refuse") { await rawGet(url + "/luma/generations/abc", key: "k").status == -1 }
        box.withLock { $0 = nil }
    }
}
