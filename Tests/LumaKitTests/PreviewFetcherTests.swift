import Foundation
import Testing
import LumaDemo
@testable import LumaKit

/// An image host on loopback: each request answered by `answer` and recorded.
final class ImageHost: @unchecked Sendable {
    let server: DemoServer
    let seen = Locked([DemoRequest]())

    init(_ answer: @escaping @Sendable (DemoRequest) -> DemoResponse) throws {
        let seen = self.seen
        server = DemoServer(handler: { request in
            seen.withLock { $0.append(request) }
            return answer(request)
        })
        try server.start()
    }

    /// Serves `bytes` as `type` at every path.
    convenience init(_ bytes: [UInt8], type: String = "image/jpeg") throws {
        try self.init { _ in DemoResponse(status: 200, headers: [("Content-Type", type)], body: Data(bytes)) }
    }

    func url(_ path: String = "/thumb.jpg") -> String { server.baseURL + path }
    var requests: Int { seen.current.count }
    deinit { server.stop() }
}

/// Bytes that stand for a picture: the fetcher only carries them.
func pictureBytes(_ count: Int = 256, seed: Int = 7) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* seed &+ seed) }
}

extension PreviewFetcher {
    /// One answer, awaited without holding a thread.
    func fetched(_ url: String) async -> Result<[UInt8], PreviewFailure> {
        await withCheckedContinuation { done in fetch(url) { done.resume(returning: $0) } }
    }
}

@Suite struct PreviewFetcherTests {
    let picture = pictureBytes()

    @Test func asksOnlyForDecodableFormatsAndNeverSendsAuthorization() async throws {
        let host = try ImageHost(picture)
        let fetcher = PreviewFetcher(cache: nil)
        #expect(await fetcher.fetched(host.url()) == .success(picture))
        let request = try #require(host.seen.current.first)
        #expect(request.header("Authorization") == nil)
        #expect(request.header("Proxy-Authorization") == nil)
        #expect(request.header("Accept") == "image/jpeg, image/png, image/webp")
        #expect(request.method == "GET")
    }

    @Test func answersComeLaterAndElsewhereThanTheCall() async throws {
        let dir = ScratchDirectory()
        let host = try ImageHost(picture)
        let fetcher = PreviewFetcher(cache: PreviewCache(directory: dir.url))
        _ = await fetcher.fetched(host.url())
        let caller = DispatchQueue(label: "caller")
        let key = DispatchSpecificKey<Bool>()
        caller.setSpecific(key: key, value: true)
        // Refused at once, answered from the cache, answered by the host: none on the caller.
        for url in ["file:///etc/passwd", host.url(), host.url("/fresh.jpg")] {
            let onCaller = Latch<Bool>()
            caller.sync { fetcher.fetch(url) { _ in onCaller.resolve(DispatchQueue.getSpecific(key: key) == true) } }
            #expect(await onCaller.value() == false, "\(url)")
        }
        #expect(host.requests == 2)
    }

    @Test(arguments: ["image/jpeg", "image/png", "IMAGE/WEBP; q=1"])
    func eachDecodableTypeIsTaken(type: String) async throws {
        let host = try ImageHost(picture, type: type)
        #expect(await PreviewFetcher(cache: nil).fetched(host.url()) == .success(picture))
    }

    @Test func anAnswerThatIsNotAnImageIsRefusedByItsType() async throws {
        let host = try ImageHost { _ in .text(200, "<html>sign in</html>") }
        let result = await PreviewFetcher(cache: nil).fetched(host.url())
        #expect(result == .failure(.notAnImage("text/html")))
        #expect(result.failure?.description == "not an image: text/html")
        let untyped = try ImageHost { _ in DemoResponse(status: 200, body: Data([1, 2, 3])) }
        #expect(await PreviewFetcher(cache: nil).fetched(untyped.url()).failure?.description == "not an image: no Content-Type")
    }

    @Test func aHostileContentTypeReachesTheScreenClean() async throws {
        // What HTTP lets through a header: C1 controls and invisible characters, as UTF-8.
        let host = try ImageHost { _ in
            DemoResponse(status: 200, headers: [("Content-Type", "text/x\u{9B}2J\u{9D}0;owned\u{9C}\u{202E}y")], body: Data([1]))
        }
        let failure = try #require(await PreviewFetcher(cache: nil).fetched(host.url()).failure)
        #expect(failure.description == "not an image: text/x<U+202E>y")
        // A stack that let escapes through would still not bring them to the screen.
        let escapes = PreviewFailure.notAnImage(contentType: "text/html\u{1B}]0;owned\u{07}\u{1B}[2J\n" + String(repeating: "x", count: 100))
        #expect(!escapes.description.unicodeScalars.contains { UntrustedText.isControl($0) })
        #expect(escapes.description.hasPrefix("not an image: text/html xxx"))
        #expect(escapes.description.count < 70)
    }

    @Test func httpErrorsAreWorded() async throws {
        let host = try ImageHost { request in request.path == "/gone.jpg" ? .text(404, "no") : .text(503, "busy") }
        let fetcher = PreviewFetcher(cache: nil)
        #expect(await fetcher.fetched(host.url("/gone.jpg")).failure?.description == "HTTP 404")
        #expect(await fetcher.fetched(host.url("/busy.jpg")).failure?.description == "HTTP 503")
    }

    @Test func aConnectionRefusedIsOneShortLine() async throws {
        let refusing = try RefusingPort()
        let url = refusing.baseURL + "/t.jpg"
        let result = await PreviewFetcher(cache: nil, deadline: 2).fetched(url)
        #expect(result == .failure(.unreachable("connection refused")))
    }

    @Test(arguments: [
        ("http://cdn.example/t.jpg", PreviewFailure.plainHTTPElsewhere),
        ("http://10.0.0.1/x", .plainHTTPElsewhere),
        ("file:///etc/passwd", .refused(.notWeb("file"))),
        ("https://user:pw@cdn.example/t.jpg", .refused(.credentials)),
        ("https://cdn.example/\u{1B}[2J.jpg", .refused(.forbiddenCharacters)),
        ("", .refused(.notAURL)),
    ])
    func urlsOutOfTheRulesFailAtOnce(url: String, why: PreviewFailure) async {
        #expect(await PreviewFetcher(cache: nil).fetched(url) == .failure(why))
    }

    @Test func aFailedURLIsNotAskedAgainForAMinuteOfTheClock() async throws {
        let host = try ImageHost { _ in .text(404, "not yet") }
        let clock = ManualScheduler()
        let fetcher = PreviewFetcher(cache: nil, scheduler: clock)
        #expect(await fetcher.fetched(host.url()) == .failure(.http(404)))
        #expect(host.requests == 1)
        clock.advance(by: 59)
        #expect(await fetcher.fetched(host.url()) == .failure(.http(404)), "the failure is answered again")
        #expect(host.requests == 1, "without a request")
        #expect(await fetcher.fetched(host.url("/other.jpg")) == .failure(.http(404)), "other URLs are asked")
        #expect(host.requests == 2)
        clock.advance(by: 1)
        #expect(await fetcher.fetched(host.url()) == .failure(.http(404)))
        #expect(host.requests == 3, "a minute on, it is asked again")
    }

    @Test func asksForOneURLAtOnceMakeOneRequest() async throws {
        let picture = self.picture
        let host = try ImageHost { _ in
            DemoResponse(status: 200, headers: [("Content-Type", "image/png")], body: Data(picture)).delayed(0.3)
        }
        let fetcher = PreviewFetcher(cache: nil)
        let results = await withTaskGroup(of: Result<[UInt8], PreviewFailure>.self) { group in
            for _ in 0..<5 { group.addTask { await fetcher.fetched(host.url()) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 5)
        #expect(results.allSatisfy { $0 == .success(picture) })
        #expect(host.requests == 1)
    }

    @Test func atMostTwoRequestsRunAtOnce() async throws {
        let picture = self.picture
        let load = Locked((now: 0, most: 0))
        let host = try ImageHost { _ in
            load.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
            var answer = DemoResponse(status: 200, headers: [("Content-Type", "image/jpeg")], body: Data(picture)).delayed(0.2)
            answer.onFinished = { load.withLock { $0.now -= 1 } }
            return answer
        }
        let fetcher = PreviewFetcher(cache: nil)
        let results = await withTaskGroup(of: Result<[UInt8], PreviewFailure>.self) { group in
            for i in 0..<5 { group.addTask { await fetcher.fetched(host.url("/\(i).jpg")) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0 == .success(picture) })
        #expect(host.requests == 5)
        #expect(load.current.most == 2)
    }
}
