import Foundation
import Testing
import TestSupport
import LumaKit

/// The API key stays in lumatop: no child of it sees the key in its environment or its argv.
@Suite(.startsProcesses) struct SecretTests {
    static let key = "sk-secret-4b1d7e0c9a"

    /// A hook that writes its whole environment and its own argv into `dir`, named by id.
    func dumpingHook(_ dir: URL) -> String {
        #"env > "\#(dir.path)/$LUMATOP_ID.env"; tr '\0' '\n' < /proc/$$/cmdline > "\#(dir.path)/$LUMATOP_ID.argv""#
    }

    func finished(_ server: ScriptedServer) {
        server.script.script("job-1", [answer("job-1", .processing), answer("job-1", .completed)])
    }

    @Test func aKeyFromTheEnvironmentNeverReachesTheHook() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer(apiKey: Self.key)
        finished(server)
        let out = sandbox.file("dump")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let run = await runLumatop(["watch", "--exit-status", "--interval", "1", "--base-url", server.baseURL,
                                    "--on-complete", dumpingHook(out), "job-1"],
                                   env: sandbox.env(key: Self.key, ["LUMATOP_KEEP": "visible", "LUMAAI_API_KEY": "other-key"]))
        #expect(run.status == 0, describe(run))
        let env = try String(contentsOf: out.appendingPathComponent("job-1.env"), encoding: .utf8)
        #expect(env.contains("LUMATOP_KEEP=visible\n"), "the rest of the environment is passed on: \(env)")
        #expect(env.contains("LUMATOP_ID=job-1\n"))
        #expect(!env.contains(Self.key), "\(env)")
        #expect(!env.contains("QUICKROUTER_API_KEY"), "\(env)")
        #expect(!env.contains("LUMAAI_API_KEY"), "\(env)")
        let argv = try String(contentsOf: out.appendingPathComponent("job-1.argv"), encoding: .utf8)
        #expect(argv.hasPrefix("/bin/sh\n-c\n"), "\(argv)")
        #expect(!argv.contains(Self.key))
    }

    @Test func aKeyFromAFileIsRemovedFromAnyVariableThatHoldsItToo() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer(apiKey: Self.key)
        finished(server)
        let keyFile = sandbox.file("key")
        try "\(Self.key)\n".write(to: keyFile, atomically: true, encoding: .utf8)
        chmod(keyFile.path, 0o600)
        let out = sandbox.file("dump")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let run = await runLumatop(["watch", "--interval", "1", "--base-url", server.baseURL, "--api-key-file", keyFile.path,
                                    "--on-complete", dumpingHook(out), "job-1"],
                                   env: sandbox.env(key: nil, ["MY_TOKEN": "Bearer \(Self.key)", "OTHER": "kept"]))
        #expect(run.status == 0, describe(run))
        let env = try String(contentsOf: out.appendingPathComponent("job-1.env"), encoding: .utf8)
        #expect(!env.contains(Self.key), "\(env)")
        #expect(!env.contains("MY_TOKEN"), "\(env)")
        #expect(env.contains("OTHER=kept\n"), "\(env)")
    }

    @Test func aCommandThatWouldCarryTheKeyIsNotRun() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer(apiKey: Self.key)
        finished(server)
        let marker = sandbox.file("ran")
        let run = await runLumatop(["watch", "--interval", "1", "--base-url", server.baseURL,
                                    "--on-complete", "echo \(Self.key) > \(marker.path)", "job-1"],
                                   env: sandbox.env(key: Self.key))
        #expect(!FileManager.default.fileExists(atPath: marker.path))
        #expect(run.stderr.contains("not run: its command line would contain the API key"), describe(run))
        #expect(!run.allOutput.contains(Self.key), "the refusal does not print the key")
    }
}
