import Foundation
import Testing
import LumaDemo
@testable import LumaKit

/// What a preview fetch will not do: read past its size cap, wait past its deadline, or follow a
/// redirect the URL rules refuse. Every host here is on 127.0.0.1.
@Suite struct PreviewLimitsTests {
    static let cap = PreviewFetcher.defaultMaxBytes

    static func image(_ body: Data, _ framing: BodyFraming = .length, trickle: Int? = nil) -> DemoResponse {
        var answer = DemoResponse(status: 200, headers: [("Content-Type", "image/jpeg")], body: body)
        answer.framing = framing
        if let trickle { answer.trickle = (trickle, 0.001) }
        return answer
    }

    @Test func aPictureOfExactlyTheCapIsTaken() async throws {
        let body = Data(repeating: 0xAB, count: Self.cap)
        let host = try ImageHost { _ in Self.image(body) }
        let bytes = try await PreviewFetcher(cache: nil).fetched(host.url()).get()
        #expect(bytes.count == Self.cap)
    }

    @Test func aContentLengthOverTheCapIsRefusedBeforeTheBody() async throws {
        // Names one byte too many and sends a little: only the header can have refused it.
        let host = try ImageHost { _ in Self.image(Data(repeating: 1, count: 1_000), .declaredLength(String(Self.cap + 1))) }
        let result = await PreviewFetcher(cache: nil).fetched(host.url())
        #expect(result == .failure(.tooLarge(limit: Self.cap)))
        #expect(result.failure?.description == "larger than 10 MiB, refused")
    }

    @Test func aChunkedBodyGrowingPastTheCapIsCut() async throws {
        let body = Data(repeating: 2, count: Self.cap + 1)
        let host = try ImageHost { _ in Self.image(body, .chunked(lastChunk: true), trickle: 1 << 20) }
        #expect(await PreviewFetcher(cache: nil).fetched(host.url()) == .failure(.tooLarge(limit: Self.cap)))
    }

    @Test func aBodyWithNoLengthPastTheCapIsCut() async throws {
        let body = Data(repeating: 3, count: Self.cap + 4096)
        let host = try ImageHost { _ in Self.image(body, .untilClose, trickle: 1 << 20) }
        #expect(await PreviewFetcher(cache: nil).fetched(host.url()) == .failure(.tooLarge(limit: Self.cap)))
    }

    @Test func aHostThatNeverAnswersMeetsTheDeadline() async throws {
        let host = try ImageHost { _ in .hung }
        let fetcher = PreviewFetcher(cache: nil, deadline: 0.3)
        let result = await fetcher.fetched(host.url())
        #expect(result == .failure(.timedOut(seconds: 0.3)))
        #expect(host.requests == 1)
    }

    @Test func aBodyThatStopsMidwayMeetsTheDeadline() async throws {
        let host = try ImageHost { _ in
            var answer = Self.image(Data(repeating: 4, count: 100_000))
            answer.trickle = (1_000, 10)
            return answer
        }
        #expect(await PreviewFetcher(cache: nil, deadline: 0.3).fetched(host.url()) == .failure(.timedOut(seconds: 0.3)))
    }

    @Test func redirectsOnThisMachineAreFollowed() async throws {
        let picture = pictureBytes()
        let target = try ImageHost(picture)
        let host = try ImageHost { request in
            switch request.path {
            case "/a.jpg": DemoResponse(status: 301, headers: [("Location", "/b.jpg")])
            default: DemoResponse(status: 302, headers: [("Location", target.url("/c.jpg"))])
            }
        }
        #expect(await PreviewFetcher(cache: nil).fetched(host.url("/a.jpg")) == .success(picture))
        #expect(host.seen.current.map(\.path) == ["/a.jpg", "/b.jpg"])
        #expect(target.seen.current.map(\.path) == ["/c.jpg"])
        #expect(target.seen.current.allSatisfy { $0.header("Authorization") == nil })
    }

    @Test(arguments: [
        ("http://10.0.0.1/x", PreviewFailure.redirect(.plainHTTPElsewhere)),
        ("http://cdn.example/x.jpg", .redirect(.plainHTTPElsewhere)),
        ("file:///etc/passwd", .redirect(.notWeb("file"))),
        ("http://user:pw@127.0.0.1:1/x.jpg", .redirect(.credentials)),
    ])
    func redirectsOutOfTheRulesAreRefusedNotAttempted(location: String, why: PreviewFailure) async throws {
        let host = try ImageHost { _ in DemoResponse(status: 302, headers: [("Location", location)]) }
        #expect(await PreviewFetcher(cache: nil).fetched(host.url()) == .failure(why))
        #expect(host.requests == 1)
    }

    @Test func loopsAndLongChainsEnd() async throws {
        let loop = try ImageHost { request in DemoResponse(status: 302, headers: [("Location", request.path == "/a" ? "/b" : "/a")]) }
        #expect(await PreviewFetcher(cache: nil).fetched(loop.url()) == .failure(.tooManyRedirects))
        #expect(loop.seen.current.map(\.path) == ["/thumb.jpg", "/a", "/b"])
        let chain = try ImageHost { request in DemoResponse(status: 302, headers: [("Location", request.path + "x")]) }
        #expect(await PreviewFetcher(cache: nil).fetched(chain.url()) == .failure(.tooManyRedirects))
        #expect(chain.requests == PreviewFetcher.maxRedirects + 1)
    }

    @Test func aMediaHostElsewhereIsAskedThroughTheProxy() async throws {
        // The proxy is on loopback and refuses the tunnel: nothing leaves the machine.
        let proxy = try ImageHost { _ in .text(403, "no") }
        let fetcher = PreviewFetcher(cache: nil, environment: ["HTTPS_PROXY": proxy.server.baseURL], deadline: 2)
        let result = await fetcher.fetched("https://cdn.example/t.jpg")
        #expect(result == .failure(.unreachable("the proxy would not connect")))
        // The client asks the proxy again until its connect timeout: the tunnel, every time.
        #expect(proxy.requests >= 1)
        #expect(proxy.seen.current.allSatisfy { $0.method == "CONNECT" && $0.header("Host") == "cdn.example" })
    }

    @Test func loopbackIsNeverProxied() async throws {
        let proxy = try ImageHost { _ in .text(403, "no") }
        let host = try ImageHost(pictureBytes())
        let fetcher = PreviewFetcher(cache: nil, environment: ["HTTP_PROXY": proxy.server.baseURL, "HTTPS_PROXY": proxy.server.baseURL])
        #expect(await fetcher.fetched(host.url()) == .success(pictureBytes()))
        #expect(proxy.requests == 0)
    }
}
