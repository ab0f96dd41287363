import Foundation
import Testing
import TestSupport

/// A mistyped command is not a task id.
@Suite(.startsProcesses) struct TypoTests {
    @Test(arguments: [("stauts", "status"), ("lsit", "list"), ("wacth", "watch"), ("dowload", "download"),
                      ("untrak", "untrack"), ("theme", "themes"), ("ls", "list")])
    func aWordNearACommandExitsTwoAndTracksNothing(typo: String, command: String) async throws {
        let sandbox = try Sandbox()
        for args in [[typo], [typo, "--json"], ["--demo", typo], ["--interval", "2", typo, "some-id"]] {
            let run = await runLumatop(args, env: sandbox.env())
            #expect(run.status == 2, describe(run))
            #expect(run.stderr == "lumatop: unknown command '\(typo)' (did you mean '\(command)'?)\n", describe(run))
            #expect(run.stdout.isEmpty)
        }
        #expect(!FileManager.default.fileExists(atPath: sandbox.defaultStateFile.path), "nothing was tracked")
    }

    @Test func trackAfterDoubleDashTakesAnyValidID() async throws {
        let sandbox = try Sandbox()
        let run = await runLumatop(["track", "--", "stauts"], env: sandbox.env())
        #expect(run.status == 0, describe(run))
        let list = await runLumatop(["list"], env: sandbox.env())
        #expect(list.stdout.contains("stauts"), describe(list))
    }

    @Test func aWordFarFromEveryCommandIsStillATaskID() async throws {
        let sandbox = try Sandbox()
        // Taken as an id for the dashboard, which then wants a key.
        let run = await runLumatop(["4665a07c-7641-4809-a133-10786201bb56", "--interval", "2"], env: sandbox.env(key: nil))
        #expect(run.status == 2)
        #expect(run.stderr.contains("no API key"), describe(run))
        #expect(!run.stderr.contains("unknown command"), describe(run))
    }

    /// The options the check skips over are exactly the dashboard's options that take a value.
    @Test func theValueOptionsMatchTheParser() async throws {
        let sandbox = try Sandbox()
        let run = await runLumatop(["dashboard", "--experimental-dump-help"], env: sandbox.env())
        let root = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], describe(run))
        let command = try #require(root["command"] as? [String: Any])
        let arguments = try #require(command["arguments"] as? [[String: Any]])
        var valued = Set<String>()
        for argument in arguments where argument["kind"] as? String == "option" {
            for name in argument["names"] as? [[String: Any]] ?? [] {
                let text = name["name"] as? String ?? ""
                valued.insert(name["kind"] as? String == "short" ? "-" + text : "--" + text)
            }
        }
        let expected: Set<String> = ["--base-url", "--api-key-file", "--interval", "--max-in-flight",
                                     "--state-dir", "--theme", "--download-dir", "--on-complete", "--preview",
                                     "--provider", "--recent"]
        #expect(valued == expected)
    }
}
