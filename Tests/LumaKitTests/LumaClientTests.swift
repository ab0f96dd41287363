import Foundation
import Testing
import LumaDemo
@testable import LumaKit

/// The official API's client over real HTTP on loopback: routes, paging, credits, delete, errors.
@Suite(.waitsOffThePool) struct LumaClientTests {
    @Test func aGenerationIsAskedAtItsRouteWithTheKey() async throws {
        let net = try LumaLoopback()
        net.route("GET /generations/g1", [.json(200, Data(official("g1").utf8))])
        let g = try await net.client.fetched("g1").get()
        #expect(g.provider == .luma && g.state == .completed)
        let r = try #require(net.arrived.first)
        #expect(r.method == "GET" && r.path == "/dream-machine/v1/generations/g1")
        #expect(r.authorization == "Bearer luma-test-key")
        await #expect(throws: APIError.notFound) { try await net.client.fetched("unknown").get() }
    }

    @Test func theRelaysShapeIsNotAnAnswerOfTheLumaAPI() async throws {
        let net = try LumaLoopback()
        let relay = #"{"id": "q", "state": "completed", "video": {"url": "https://x.example/q.mp4"}, "thumbnail": null}"#
        net.route("GET /generations/q", [.json(200, Data(relay.utf8))])
        let result = await net.client.fetched("q")
        guard case .failure(let error) = result, case .notLumaAnswer = error else {
            Issue.record("expected notLumaAnswer, got \(result)")
            return
        }
        #expect(error.message.hasPrefix("not an answer of the Luma API: {\"id\": \"q\""))
        net.route("GET /generations", [.json(200, Data(#"{"generations": [\#(relay)], "has_more": false}"#.utf8))])
        guard case .failure(.notLumaAnswer) = await net.client.listed(limit: 10) else {
            Issue.record("a list of relay answers was taken")
            return
        }
    }

    @Test func theListIsReadAcrossThreePages() async throws {
        let net = try LumaLoopback()
        let ids = (0..<250).map { "g\($0)" }
        net.route("GET /generations?limit=100&offset=0", [page(Array(ids[0..<100]), hasMore: true)])
        net.route("GET /generations?limit=100&offset=100", [page(Array(ids[100..<200]), hasMore: true, offset: 100)])
        net.route("GET /generations?limit=50&offset=200", [page(Array(ids[200..<250]), hasMore: true, offset: 200)])
        let list = try await net.client.listed(limit: 250).get()
        #expect(list.map(\.id) == ids)
        #expect(net.arrived.map(\.query) == ["limit=100&offset=0", "limit=100&offset=100", "limit=50&offset=200"])
    }

    @Test func theListStopsWhenThereAreNoMore() async throws {
        let net = try LumaLoopback()
        net.route("GET /generations?limit=100&offset=0", [page(["a", "b"], hasMore: true)])
        net.route("GET /generations?limit=98&offset=2", [page(["c"], hasMore: false, offset: 2)])
        #expect(try await net.client.listed(limit: 100).get().map(\.id) == ["a", "b", "c"])
        #expect(net.arrived.count == 2)
        // No list wanted: nothing asked.
        #expect(try await net.client.listed(limit: 0).get().isEmpty)
        #expect(net.arrived.count == 2)
    }

    @Test func aServerThatRepeatsOrNeverEndsIsLeft() async throws {
        let net = try LumaLoopback()
        // Every page the same, always "more": the second brings nothing new and ends it.
        net.route("GET /generations", [page(["a", "b"], hasMore: true)])
        #expect(try await net.client.listed(limit: 100).get().map(\.id) == ["a", "b"])
        #expect(net.arrived.count == 2)
        // An empty page ends it too, whatever it says.
        let empty = try LumaLoopback()
        empty.route("GET /generations", [page([], hasMore: true)])
        #expect(try await empty.client.listed(limit: 100).get().isEmpty)
        #expect(empty.arrived.count == 1)
        // A page larger than asked is cut at the limit.
        let large = try LumaLoopback()
        large.route("GET /generations", [page((0..<30).map { "x\($0)" }, hasMore: true)])
        #expect(try await large.client.listed(limit: 5).get().count == 5)
        #expect(large.arrived.map(\.query) == ["limit=5&offset=0"])
    }

    @Test func anErrorOnAnyPageIsTheAnswer() async throws {
        let net = try LumaLoopback()
        net.route("GET /generations?limit=100&offset=0", [page(["a"], hasMore: true)])
        net.route("GET /generations?limit=99&offset=1", [.json(503, Data(#"{"detail": "down"}"#.utf8))])
        await #expect(throws: APIError.server(status: 503)) { try await net.client.listed(limit: 100).get() }
        net.route("GET /generations?limit=99&offset=1", [.json(200, Data(#"[1, 2]"#.utf8))])
        guard case .failure(.decoding) = await net.client.listed(limit: 100) else {
            Issue.record("a page that is not a page was taken")
            return
        }
    }

    @Test func creditsAreCentsAndAMissingEndpointIsQuiet() async throws {
        let net = try LumaLoopback()
        net.route("GET /credits", [.json(200, Data(#"{"credit_balance": 1234}"#.utf8)),
                                   .json(200, Data(#"{"credit_balance": 5.5}"#.utf8)),
                                   .json(200, Data(#"{"credit_balance": -105}"#.utf8)),
                                   .json(200, Data(#"{"credit_balance": 1e300}"#.utf8)),
                                   .json(200, Data(#"{"credit_balance": "lots"}"#.utf8)),
                                   .json(404, Data(#"{"detail": "Not Found"}"#.utf8))])
        let first = try await net.client.credited().get()
        #expect(first == .balance(cents: 1234) && first.dollars == "$12.34")
        #expect(try await net.client.credited().get().dollars == "$0.06")
        #expect(try await net.client.credited().get().dollars == "-$1.05")
        #expect(try await net.client.credited().get() == .balance(cents: Credits.largestCents))
        guard case .failure(.decoding) = await net.client.credited() else { Issue.record("a word taken for a balance"); return }
        let none = try await net.client.credited().get()
        #expect(none == .noEndpoint && none.dollars == nil)
        #expect(net.arrived.allSatisfy { $0.path == "/dream-machine/v1/credits" && $0.method == "GET" })
    }

    @Test func aDeleteIsADeleteAt204() async throws {
        let net = try LumaLoopback()
        net.route("DELETE /generations/g1", [DemoResponse(status: 204)])
        #expect(await net.client.deleted("g1") == nil)
        #expect(net.arrived.first?.method == "DELETE" && net.arrived.first?.path == "/dream-machine/v1/generations/g1")
        #expect(await net.client.deleted("g2") == .notFound)
        guard case .invalidID = await net.client.deleted("../credits") else { Issue.record("a path sent as an id"); return }
        #expect(net.arrived.count == 2)
    }

    @Test func errorBodiesSayWhyCleaned() async throws {
        let net = try LumaLoopback()
        net.route("GET /generations/a", [.json(422, Data(#"{"detail": "Prompt is required"}"#.utf8))])
        net.route("GET /generations/b", [.json(400, Data(#"{"detail": {"reason": "bad\u001b[31m id\u0007", "code": 7}}"#.utf8))])
        net.route("GET /generations/c", [.json(401, Data(#"{"detail": "Invalid API key"}"#.utf8))])
        let a = await net.client.fetched("a")
        #expect(a == .failure(.refused(status: 422, message: "Prompt is required")))
        guard case .failure(let b) = await net.client.fetched("b") else { Issue.record("b succeeded"); return }
        #expect(b.message.hasPrefix("refused (HTTP 400): bad"))
        #expect(!b.message.unicodeScalars.contains { $0.value < 0x20 })
        #expect(await net.client.fetched("c") == .failure(.unauthorized(status: 401)))
    }
}
