import Foundation
import Testing
import LumaDemo
@testable import LumaKit

@Suite(.waitsOffThePool) struct ClientTests {
    @Test func sendsKeyAcceptAndUserAgent() async throws {
        let net = try Loopback()
        net.script.script("abc", [answer("abc", .completed)])
        let g = try await net.client.fetched("abc").get()
        #expect(g.state == .completed && g.width == 1360)
        let r = try #require(net.script.requests.first)
        #expect(r.authorization == "Bearer test-key")
        #expect(r.accept == "application/json")
        #expect(r.userAgent == "lumatop/\(QuickRouterClient.version)")
    }

    @Test func statusCodesBecomeTypedErrors() async throws {
        let net = try Loopback()
        let date = RetryAfter.httpDate(Date() + 90)
        let cases: [(DemoResponse, (APIError) -> Bool)] = [
            (.error(401, message: "bad key"), { $0 == .unauthorized(status: 401) }),
            (.error(403, message: "forbidden"), { $0 == .unauthorized(status: 403) }),
            (.error(404, message: "nope"), { $0 == .notFound }),
            (.error(429, message: "slow", headers: [("Retry-After", "7")]), { $0 == .rateLimited(retryAfter: 7) }),
            (.error(429, message: "slow"), { $0 == .rateLimited(retryAfter: nil) }),
            (.error(429, message: "slow", headers: [("retry-after", date)]), {
                if case .rateLimited(let s?) = $0 { return s > 80 && s <= 90 } else { return false } }),
            (.error(503, message: "down"), { $0 == .server(status: 503) }),
            (DemoResponse(status: 302, headers: [("Location", "http://elsewhere.example/")]), { $0 == .unexpectedStatus(302) }),
            (.text(200, "<html>gateway</html>"), {
                if case .decoding(_, let excerpt) = $0 { return excerpt == "<html>gateway</html>" } else { return false } }),
        ]
        for (i, (response, check)) in cases.enumerated() {
            net.script.script("id\(i)", [response])
            let result = await net.client.fetched("id\(i)")
            guard case .failure(let error) = result else { Issue.record("case \(i) succeeded"); continue }
            #expect(check(error), "case \(i): \(error)")
        }
    }

    @Test func wrongKeyIsUnauthorized() async throws {
        let net = try Loopback()
        let other = QuickRouterClient(endpoint: try ServiceEndpoint(net.server.baseURL), apiKey: "wrong")
        net.script.script("abc", [answer("abc", .pending)])
        #expect(await other.fetched("abc") == .failure(.unauthorized(status: 401)))
    }

    @Test func oversizedBodyIsRefused() async throws {
        let net = try Loopback()
        let huge = Data(repeating: UInt8(ascii: " "), count: QuickRouterClient.maxBodyBytes + 10)
        net.script.script("big", [.json(200, huge)])
        #expect(await net.client.fetched("big") == .failure(.tooLarge(limit: QuickRouterClient.maxBodyBytes)))
    }

    @Test func hungServerHitsOurOwnDeadline() async throws {
        let net = try Loopback(timeout: 1)
        net.script.script("slow", [.hung])
        #expect(await net.client.fetched("slow") == .failure(.transport(.timeout(seconds: 1))))
    }

    @Test func aRequestGivenUpOnClosesItsConnection() async throws {
        let net = try Loopback(timeout: 1)
        net.script.script("slow", [.hung])
        // A dashboard polling a hung server must not keep one socket per attempt.
        for _ in 0..<4 {
            #expect(await net.client.fetched("slow") == .failure(.transport(.timeout(seconds: 1))))
        }
        #expect(net.server.connectionsAccepted == 4)
        await eventually(timeout: 10, "the given-up connections to close") { net.server.connectionsOpen == 0 }
    }

    @Test func refusedConnectionIsTransportError() async throws {
        let refusing = try RefusingPort()
        let client = QuickRouterClient(endpoint: try ServiceEndpoint(refusing.baseURL), apiKey: "k", timeout: 5)
        guard case .failure(.transport(let t)) = await client.fetched("abc") else { Issue.record("expected transport error"); return }
        #expect(t != .timeout(seconds: 5), "\(t)")
    }

    @Test func invalidIDNeverLeavesTheMachine() async throws {
        let net = try Loopback()
        for id in ["../etc/passwd", "a b", ""] {
            guard case .failure(.invalidID) = await net.client.fetched(id) else { Issue.record("sent \(id)"); continue }
        }
        #expect(net.script.requests.isEmpty)
    }
}

