import Foundation
import Testing
@testable import LumaKit

@Suite struct WebURLTests {
    @Test(arguments: [
        ("https://cdn.example/v.mp4", "https://cdn.example/v.mp4"),
        ("http://127.0.0.1:8080/media/v.mp4?dl=1#t=2", "http://127.0.0.1:8080/media/v.mp4?dl=1#t=2"),
        ("HTTP://Cdn.Example/V.mp4", "http://Cdn.Example/V.mp4"),
        ("HtTpS://cdn.example", "https://cdn.example"),
        ("https://[::1]:9/x", "https://[::1]:9/x"),
        ("https://cdn.example/a%20b/%1B%5B31m/$(x);y,z'!*", "https://cdn.example/a%20b/%1B%5B31m/$(x);y,z'!*"),
    ])
    func webURLsPass(raw: String, kept: String) throws {
        #expect(try WebURL(raw).text == kept)
    }

    @Test(arguments: [
        ("", RefusedURL.notAURL),
        ("file:///etc/passwd", .notWeb("file")),
        ("javascript:alert(1)", .notWeb("javascript")),
        ("JavaScript://cdn.example/%0Aalert(1)", .notWeb("javascript")),
        ("data:text/html;base64,PHNjcmlwdD4=", .notWeb("data")),
        ("unix:/tmp/s", .notWeb("unix")),
        ("http+unix://%2Ftmp%2Fs/path", .notWeb("http+unix")),
        ("https+unix://%2Ftmp%2Fs/path", .notWeb("https+unix")),
        ("ftp://cdn.example/v.mp4", .notWeb("ftp")),
        ("cdn.example/v.mp4", .notWeb(nil)),
        ("//cdn.example/v.mp4", .notWeb(nil)),
        ("/etc/passwd", .notWeb(nil)),
        ("-https://cdn.example/", .leadingDash),
        ("--new-window", .leadingDash),
        ("https:///path", .noHost),
        ("https:cdn.example/v.mp4", .noHost),
        ("https://", .noHost),
        ("https://:443/x", .noHost),
        ("https://user:pw@cdn.example/", .credentials),
        ("https://user@cdn.example/", .credentials),
        ("https://@cdn.example/", .credentials),
        ("https://cdn.example@127.0.0.1/", .credentials),
        ("https://cdn.example/\u{1B}[31m", .forbiddenCharacters),
        ("https://cdn.example/\u{9B}31m", .forbiddenCharacters),
        ("https://cdn.example/a\u{7F}", .forbiddenCharacters),
        ("https://cdn.example/a\u{0}b", .forbiddenCharacters),
        ("https://cdn.example/a b", .forbiddenCharacters),
        (" https://cdn.example/", .forbiddenCharacters),
        ("https://cdn.example/\n", .forbiddenCharacters),
        ("https://cdn.example/\u{202E}4pm.exe", .forbiddenCharacters),
        ("https://cdn.example/\u{2066}x\u{2069}", .forbiddenCharacters),
        ("https://cdn\u{200B}.example/", .forbiddenCharacters),
        ("https://cdn.example/\u{FEFF}", .forbiddenCharacters),
        ("https://сdn.example/", .forbiddenCharacters),
        ("https://cdn.example\\@127.0.0.1/", .forbiddenCharacters),
        ("https://cdn.example/{x}", .forbiddenCharacters),
        ("https://cdn.example:99999/", .notAURL),
        ("https://cdn.example:0/", .notAURL),
    ])
    func everythingElseIsRefused(raw: String, why: RefusedURL) {
        #expect(throws: why) { try WebURL(raw) }
    }

    @Test func aRefusalNeverRepeatsTheURL() {
        for raw in ["javascript:alert(1)", "https://cdn.example/\u{1B}]52;c;AAAA\u{7}", "file:///etc/passwd"] {
            do { _ = try WebURL(raw); Issue.record("accepted \(raw)") } catch {
                #expect(!error.description.contains("alert") && !error.description.contains("\u{1B}") && !error.description.contains("/etc"))
            }
        }
        // A scheme is shown, but only as letters and at most 20 of them.
        #expect(throws: RefusedURL.notWeb(String(repeating: "a", count: 20))) { try WebURL(String(repeating: "a", count: 500) + ":x") }
    }

    @Test(arguments: [
        ("https://cdn.example/a", "/b", "https://cdn.example/b"),
        ("https://cdn.example/a/b", "c?x=1", "https://cdn.example/a/c?x=1"),
        ("https://cdn.example/a", "https://other.example/v.mp4", "https://other.example/v.mp4"),
        ("https://cdn.example/a", "//other.example/v.mp4", "https://other.example/v.mp4"),
        ("http://127.0.0.1:9/a", "https://cdn.example/v.mp4", "https://cdn.example/v.mp4"),
        ("http://127.0.0.1:9/a", "http://127.0.0.2:1/v.mp4", "http://127.0.0.2:1/v.mp4"),
        ("http://127.0.0.1:9/a", "http://localhost:9/v.mp4", "http://localhost:9/v.mp4"),
        ("http://127.0.0.1:9/a", "/v.mp4", "http://127.0.0.1:9/v.mp4"),
    ])
    func redirectsThatMayBeFollowed(from: String, location: String, to: String) throws {
        #expect(try WebURL(from).redirect(to: location).text == to)
    }

    @Test(arguments: [
        ("https://cdn.example/a", "http://cdn.example/a", RefusedURL.downgrade),
        ("https://cdn.example/a", "http://127.0.0.1:9/a", .downgrade),
        ("http://127.0.0.1:9/a", "http://cdn.example/a", .plainHTTPElsewhere),
        ("http://127.0.0.1:9/a", "//cdn.example/a", .plainHTTPElsewhere),
        ("http://cdn.example/a", "/b", .plainHTTPElsewhere),
        ("https://cdn.example/a", "file:///etc/passwd", .notWeb("file")),
        ("https://cdn.example/a", "javascript:alert(1)", .notWeb("javascript")),
        ("http://127.0.0.1:9/a", "unix:/tmp/s", .notWeb("unix")),
        ("http://127.0.0.1:9/a", "http+unix://%2Ftmp%2Fs/v", .notWeb("http+unix")),
        ("https://cdn.example/a", "https://u:p@cdn.example/a", .credentials),
        ("https://cdn.example/a", "/b\r\nX-Injected: 1", .forbiddenCharacters),
    ])
    func redirectsThatAreRefused(from: String, location: String, why: RefusedURL) throws {
        let start = try WebURL(from)
        #expect(throws: why) { try start.redirect(to: location) }
    }
}
