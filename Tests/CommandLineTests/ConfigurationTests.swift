import Foundation
import Testing
import TestSupport
import LumaDemo
import LumaKit

@Suite(.startsProcesses) struct ConfigurationTests {
    @Test func noKeyExitsTwoAndNamesTheVariable() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        for command in ["status", "watch"] {
            let run = await runLumatop([command, "--base-url", server.baseURL, "abc"], env: sandbox.env(key: nil))
            #expect(run.status == 2, describe(run))
            #expect(run.stderr.contains("QUICKROUTER_API_KEY"), describe(run))
            #expect(run.stdout.isEmpty, describe(run))
        }
        // A blank key is no key.
        let blank = await runLumatop(["status", "--base-url", server.baseURL, "abc"], env: sandbox.env(key: "  "))
        #expect(blank.status == 2, describe(blank))
        #expect(server.script.requests.isEmpty)
    }

    @Test func plainHTTPToAnotherHostIsRefusedBeforeAnyRequest() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.setDefault(answer("abc", .completed))
        // The environment points at the scripted server: a refused flag must not fall back to it.
        let env = sandbox.env(["QUICKROUTER_BASE_URL": server.baseURL])
        for url in ["http://example.com", "http://10.0.0.1:8080", "http://127.0.0.1.example.com", "ftp://127.0.0.1"] {
            let run = await runLumatop(["status", "--base-url", url, "abc"], env: env)
            #expect(run.status == 2, "\(url): \(describe(run))")
            #expect(!run.stderr.isEmpty, "\(url)")
            #expect(run.stdout.isEmpty, "\(url): \(describe(run))")
        }
        let refused = await runLumatop(["watch", "--base-url", "http://example.com", "abc"], env: env)
        #expect(refused.status == 2, describe(refused))
        #expect(refused.stderr.contains("refusing to send the API key over plain http to example.com"), describe(refused))
        #expect(!refused.allOutput.contains("test-key"))
        #expect(server.script.requests.isEmpty, "a request was made after the base URL was refused")

        // The same environment without the flag does reach the server (the check above is meaningful).
        let ok = await runLumatop(["status", "--json", "abc"], env: env)
        #expect(ok.status == 0, describe(ok))
        #expect(server.requestedIDs == ["abc"])
    }

    @Test func invalidIDsExitTwoBeforeAnyRequest() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let long = String(repeating: "a", count: 129)
        for bad in ["a/b", "..", "a b", "", "ok\u{1B}[2J", long] {
            for command in [["status"], ["watch"], ["status", "--json"]] {
                let run = await runLumatop(command + ["--base-url", server.baseURL, "good", bad], env: sandbox.env())
                #expect(run.status == 2, "\(bad.debugDescription): \(describe(run))")
                #expect(run.stderr.contains("invalid task id"), "\(bad.debugDescription): \(describe(run))")
                #expect(run.stdout.isEmpty, "\(bad.debugDescription): \(describe(run))")
                #expect(!Array(run.stderr.utf8).contains(0x1B), "raw ESC echoed back on stderr")
            }
            let track = await runLumatop(["track", "--state-dir", sandbox.stateDir.path, bad], env: sandbox.env())
            #expect(track.status == 2, "\(bad.debugDescription): \(describe(track))")
            #expect(track.stderr.contains("invalid task id"), describe(track))
        }
        #expect(server.script.requests.isEmpty, "requests: \(server.requestedIDs)")
        // Nothing was written for the refused ids.
        let list = await runLumatop(["list", "--json", "--state-dir", sandbox.stateDir.path], env: sandbox.env())
        #expect(list.lines.isEmpty, describe(list))
    }

    @Test func badOptionsExitTwo() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let base = ["--base-url", server.baseURL]
        let cases: [[String]] = [
            ["status", "--interval", "0.5", "abc"] + base,
            ["watch", "--interval", "0.5", "abc"] + base,
            ["status", "--interval", "nan", "abc"] + base,
            ["status", "--interval", "soon", "abc"] + base,
            ["status", "--max-in-flight", "0", "abc"] + base,
            ["watch", "--timeout", "0", "abc"] + base,
            ["watch", "--timeout", "-3", "abc"] + base,
            ["status", "--no-such-option", "abc"] + base,
            ["no-such-command-or-option", "--frobnicate"] + base,
            ["list", "--bogus"],
            ["track"],
            ["untrack"],
        ]
        for args in cases {
            let run = await runLumatop(args, env: sandbox.env())
            #expect(run.status == 2, "\(args): \(describe(run))")
            #expect(!run.stderr.isEmpty, "\(args): nothing said on stderr")
            #expect(run.stdout.isEmpty, "\(args): \(describe(run))")
        }
        let interval = await runLumatop(["status", "--interval", "0.5", "--base-url", server.baseURL, "abc"], env: sandbox.env())
        #expect(interval.stderr.contains("--interval"), describe(interval))
        #expect(server.script.requests.isEmpty)
    }

    @Test func helpAndVersionExitZero() async throws {
        let sandbox = try Sandbox()
        let help = await runLumatop(["--help"], env: sandbox.env(key: nil))
        #expect(help.status == 0, describe(help))
        #expect(help.stdout.contains("status"), describe(help))
        let version = await runLumatop(["--version"], env: sandbox.env(key: nil))
        #expect(version.status == 0, describe(version))
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == QuickRouterClient.version)
    }

    @Test func apiKeyFileFirstLineIsTheKey() async throws {
        let sandbox = try Sandbox()
        let secret = "sk-file-secret-7f3a9c"
        let server = try ScriptedServer(apiKey: secret)
        server.script.script("kf-1", [answer("kf-1", .completed)])
        let keyFile = sandbox.file("key.txt")
        try Data("  \(secret)  \nsecond-line-not-the-key\n".utf8).write(to: keyFile)

        // Owner-only: no warning. The file wins over the environment.
        #expect(chmod(keyFile.path, 0o600) == 0)
        let quiet = await runLumatop(["status", "--json", "--api-key-file", keyFile.path, "--base-url", server.baseURL, "kf-1"],
                                     env: sandbox.env(key: "env-key-is-ignored"))
        #expect(quiet.status == 0, describe(quiet))
        #expect(!quiet.stderr.contains("readable by others"), describe(quiet))
        #expect(server.script.requests.last?.authorization == "Bearer \(secret)")

        // Readable by others: works, with a warning naming the file.
        #expect(chmod(keyFile.path, 0o644) == 0)
        let loud = await runLumatop(["status", "--api-key-file", keyFile.path, "--base-url", server.baseURL, "kf-1"],
                                    env: sandbox.env(key: nil))
        #expect(loud.status == 0, describe(loud))
        #expect(loud.stderr.contains("readable by others"), describe(loud))
        #expect(loud.stderr.contains(keyFile.path), describe(loud))
        #expect(server.script.requests.last?.authorization == "Bearer \(secret)")

        for run in [quiet, loud] {
            #expect(!run.allOutput.contains(secret), "the key was printed")
            #expect(!run.allOutput.contains("second-line-not-the-key"), "key file content was printed")
        }
        #expect(server.script.requests.count == 2)
        #expect(server.script.requests.allSatisfy { $0.authorization == "Bearer \(secret)" })
    }

    @Test func unusableKeyFilesExitTwo() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let empty = sandbox.file("empty.txt")
        try Data("\n\nsk-on-line-three\n".utf8).write(to: empty)
        #expect(chmod(empty.path, 0o600) == 0)
        let missing = sandbox.file("no-such-file")
        for path in [empty.path, missing.path] {
            let run = await runLumatop(["status", "--api-key-file", path, "--base-url", server.baseURL, "abc"],
                                       env: sandbox.env())
            #expect(run.status == 2, "\(path): \(describe(run))")
            #expect(run.stderr.contains(path), describe(run))
            #expect(!run.allOutput.contains("sk-on-line-three"))
        }
        #expect(server.script.requests.isEmpty)
    }

    @Test func noTerminalDefaultCommandWatchesInstead() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("dash-1", [answer("dash-1", .completed)])
        // stdout is a pipe: the dashboard cannot draw, so it tracks the id and watches.
        let run = await runLumatop(["--base-url", server.baseURL, "--interval", "1", "dash-1"], env: sandbox.env(), timeout: 60)
        #expect(run.status == 0, describe(run))
        #expect(run.lines.contains { $0.contains("dash-1") && $0.contains("completed") }, describe(run))
        let list = await runLumatop(["list", "--json"], env: sandbox.env())
        let ids = jsonObjects(list).compactMap { $0["id"] as? String }
        #expect(ids == ["dash-1"], describe(list))
        // It went to $XDG_STATE_HOME/lumatop, not to the real home.
        #expect(FileManager.default.fileExists(atPath: sandbox.defaultStateFile.path))
    }
}
