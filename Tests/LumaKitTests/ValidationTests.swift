import Foundation
import Testing
@testable import LumaKit

@Suite struct ValidationTests {
    @Test(arguments: ["4665a07c-7641-4809-a133-10786201bb56", "a", "A_b-9", String(repeating: "x", count: 128)])
    func goodIDs(id: String) {
        #expect(TaskID.isValid(id))
    }

    @Test(arguments: [
        ("", "empty"), ("a/b", "'/'"), ("..", "'.'"), ("a b", "space"), ("a\u{1B}[2J", "control"),
        ("a\nb", "control"), (String(repeating: "x", count: 129), "longer than 128"), ("é", "'é'"),
    ])
    func badIDsAreRefusedWithReason(id: String, reason: String) {
        #expect(throws: InvalidTaskID.self) { try TaskID.validate(id) }
        do { try TaskID.validate(id) } catch {
            #expect(error.reason.contains(reason), "\(error.reason)")
            #expect(!error.description.contains("\u{1B}"))
        }
    }

    @Test(arguments: ["https://api.quickrouter.ai", "https://example.com/prefix/", "http://127.0.0.1:8080",
                      "http://127.5.6.7", "http://localhost:9000", "http://[::1]:8080"])
    func allowedEndpoints(url: String) throws {
        _ = try ServiceEndpoint(url)
    }

    @Test(arguments: ["http://api.quickrouter.ai", "http://10.0.0.1", "http://127.0.0.1.evil.com", "ftp://x",
                      "not a url", "http://localhost.example.com", "https://host?x=1"])
    func refusedEndpoints(url: String) {
        #expect(throws: EndpointError.self) { try ServiceEndpoint(url) }
    }

    @Test func plainHTTPRefusalSaysWhy() {
        do { _ = try ServiceEndpoint("http://api.quickrouter.ai"); Issue.record("accepted") } catch {
            #expect(error.description.contains("plain http"))
        }
    }

    @Test func endpointBuildsGenerationURL() throws {
        let e = try ServiceEndpoint("https://example.com/relay/")
        #expect(e.url(forGeneration: "abc") == "https://example.com:443/relay/luma/generations/abc")
        #expect(try ServiceEndpoint("http://[::1]:81").url(forGeneration: "a") == "http://[::1]:81/luma/generations/a")
    }

    @Test func retryAfterSecondsAndHTTPDate() {
        #expect(RetryAfter.parse("2") == 2)
        #expect(RetryAfter.parse(" 120 ") == 120)
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let later = RetryAfter.httpDate(now + 30)
        #expect(RetryAfter.parse(later, now: now) == 30)
        #expect(RetryAfter.parse(RetryAfter.httpDate(now - 30), now: now) == 0)
        #expect(RetryAfter.parse("soon") == nil)
        #expect(RetryAfter.parse("-5") == nil)
    }

    @Test func proxyFromEnvironment() throws {
        let remote = try ServiceEndpoint("https://api.quickrouter.ai")
        let proxy = ProxySettings.from(environment: ["HTTPS_PROXY": "http://user:pw@proxy.local:3128"], for: remote)
        #expect(proxy == ProxySettings(host: "proxy.local", port: 3128, username: "user", password: "pw"))
        #expect(ProxySettings.from(environment: ["https_proxy": "proxy:8080", "NO_PROXY": ".quickrouter.ai"], for: remote) == nil)
        #expect(ProxySettings.from(environment: ["HTTPS_PROXY": "proxy:8080", "no_proxy": "*"], for: remote) == nil)
        #expect(ProxySettings.from(environment: ["HTTP_PROXY": "proxy:8080"], for: remote) == nil)
        let local = try ServiceEndpoint("http://127.0.0.1:9")
        #expect(ProxySettings.from(environment: ["HTTP_PROXY": "proxy:8080"], for: local) == nil)
    }

    @Test func untrustedTextLosesEscapes() {
        let nasty = "cat\u{1B}[2J\u{1B}]0;pwned\u{07} dance\u{9B}31m!\u{7F}\u{1B}P1;2q\u{1B}\\ ok\tend\nnext"
        #expect(UntrustedText.line(nasty) == "cat dance! ok end next")
        #expect(UntrustedText.block(nasty) == "cat dance! ok end\nnext")
        #expect(UntrustedText.line("一段海边日落的视频 🐱") == "一段海边日落的视频 🐱")
    }
}
