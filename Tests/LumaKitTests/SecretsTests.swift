import Foundation
import Testing
@testable import LumaKit

/// Every child goes through Spawn, and Spawn leaves the key behind.
@Suite(.waitsOffThePool) struct SecretsTests {
    static let key = "sk-unit-9f8e7d6c5b"

    @Test func theOpenerSeesNeitherTheKeyNorItsVariables() async throws {
        Secrets.register(Self.key)
        let dump = try FakeProgram(name: "xdg-open", script: "/usr/bin/env > \"${0%/*}/env.log\"")
        let env = ["PATH": dump.dir.path, "QUICKROUTER_API_KEY": Self.key, "LUMAAI_API_KEY": "x",
                   "COPY": "key=\(Self.key)", "KEEP": "yes"]
        let done = Locked(Result<Void, Opener.Failure>?.none)
        Opener.open(try WebURL("https://cdn.example/v.mp4"), environment: env) { r in done.withLock { $0 = r } }
        await eventually("the opener finished") { done.current != nil }
        let seen = try String(contentsOf: dump.dir.appendingPathComponent("env.log"), encoding: .utf8)
        #expect(seen.contains("KEEP=yes\n"), "\(seen)")
        #expect(!seen.contains(Self.key), "\(seen)")
        #expect(!seen.contains("QUICKROUTER_API_KEY") && !seen.contains("LUMAAI_API_KEY"), "\(seen)")
    }

    @Test func aCommandLineHoldingTheKeyIsRefusedBeforeAnythingRuns() async throws {
        Secrets.register(Self.key)
        let fake = try FakeProgram(name: "xdg-open")
        let done = Locked(Result<Void, Opener.Failure>?.none)
        Opener.open(try WebURL("https://cdn.example/v.mp4?k=\(Self.key)"), environment: ["PATH": fake.dir.path]) { r in
            done.withLock { $0 = r }
        }
        await eventually("the opener was refused") { done.current != nil }
        guard case .failure(.cannotStart(let why))? = done.current else {
            Issue.record("expected a refusal, got \(String(describing: done.current))")
            return
        }
        #expect(why == "not run: its command line would contain the API key")
        #expect(fake.logged == nil, "the program never ran")
    }

    @Test func scrubKeepsEverythingElse() {
        Secrets.register(Self.key)
        let env = ["PATH": "/bin", "QUICKROUTER_API_KEY": "anything", "A": "x\(Self.key)y", "B": "b"]
        #expect(Secrets.scrub(env) == ["PATH": "/bin", "B": "b"])
    }

    @Test func aShortKeyIsMatchedOnlyAsAWholeValue() {
        Secrets.register("k")
        #expect(!Secrets.appear(in: "/tmp/lock-key"), "a one-letter key is not searched for inside text")
        #expect(Secrets.appear(in: "k"))
        #expect(Secrets.scrub(["A": "k", "B": "kk"]) == ["B": "kk"])
    }
}
