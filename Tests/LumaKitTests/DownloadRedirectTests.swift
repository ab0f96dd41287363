import Foundation
import Testing
import LumaDemo
@testable import LumaKit

/// Media redirects follow the URL rule: on loopback, to another port or path; never to another
/// scheme, nor to plain http elsewhere (refused before any connection), and never for ever.
@Suite struct DownloadRedirectTests {
    let video = Data((0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 11) })

    @Test func redirectsOnThisMachineAreFollowed() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = try ScriptedMediaHost([MediaAnswer.whole(video)])
        // Relative, then to another loopback server, then there to the file.
        let host = try ScriptedMediaHost([MediaAnswer.redirect("/moved", status: 301),
                                          MediaAnswer.redirect(target.server.baseURL + "/elsewhere", status: 307)])
        let file = dir.appendingPathComponent("abc.mp4")
        #expect(try fetch(host.url, to: file).get() == file)
        #expect(try Data(contentsOf: file) == video)
        #expect(host.seen.current.map(\.path) == ["/media/v.mp4", "/moved"])
        #expect(target.seen.current.map(\.path) == ["/elsewhere"])
    }

    @Test(arguments: [
        ("file:///etc/passwd", RefusedURL.notWeb("file")),
        ("javascript:alert(1)", .notWeb("javascript")),
        ("data:video/mp4;base64,AAAA", .notWeb("data")),
        ("unix:/tmp/lumatop.sock", .notWeb("unix")),
        ("http+unix://%2Ftmp%2Flumatop.sock/v.mp4", .notWeb("http+unix")),
        ("ftp://127.0.0.1/v.mp4", .notWeb("ftp")),
        ("http://cdn.example:1/v.mp4", .plainHTTPElsewhere),
        ("//cdn.example:1/v.mp4", .plainHTTPElsewhere),
        ("http://user:pw@127.0.0.1:1/v.mp4", .credentials),
        ("/a b.mp4", .forbiddenCharacters),
        ("/\u{202E}4pm.mp4", .forbiddenCharacters),
    ])
    func redirectsOutOfTheRuleAreRefusedBeforeAnyRequest(location: String, why: RefusedURL) throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = try ScriptedMediaHost([MediaAnswer.redirect(location)])
        let file = dir.appendingPathComponent("abc.mp4")
        #expect(fetch(host.url, to: file) == .failure(.refusedRedirect(why)))
        #expect(host.seen.current.count == 1)
        #expect(!exists(file) && !exists(part(file)))
    }

    @Test func loopsAndLongChainsEnd() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("abc.mp4")
        let loop = try ScriptedMediaHost([{ request in
            DemoResponse(status: 302, headers: [("Location", request.path == "/a" ? "/b" : "/a")])
        }])
        #expect(fetch(loop.url, to: file) == .failure(.tooManyRedirects))
        #expect(loop.seen.current.map(\.path) == ["/media/v.mp4", "/a", "/b"], "the second /a is never asked")

        let chain = try ScriptedMediaHost([{ request in
            DemoResponse(status: 302, headers: [("Location", request.path + "x")])
        }])
        #expect(fetch(chain.url, to: file) == .failure(.tooManyRedirects))
        #expect(chain.seen.current.count == Downloader.maxRedirects + 1)
        #expect(!exists(file) && !exists(part(file)))
    }

    @Test func aRedirectWithoutLocationIsAnHTTPError() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = try ScriptedMediaHost([{ _ in DemoResponse(status: 302) }])
        let file = dir.appendingPathComponent("abc.mp4")
        #expect(fetch(host.url, to: file) == .failure(.http(302)))
    }
}
