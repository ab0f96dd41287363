import Foundation
import Testing
import TestSupport
import LumaKit

/// `--interval` is listed only by the commands it changes something for: those that poll
/// (the dashboard, `watch`, `create`/`extend --wait`) and `status`, which waits out a 429 by it.
@Suite(.startsProcesses) struct DownloadOptionsTests {
    @Test func downloadAndPreviewDoNotListTheInterval() async throws {
        let sandbox = try Sandbox()
        for command in ["download", "preview"] {
            let help = await runLumatop([command, "--help"], env: sandbox.env())
            #expect(help.status == 0, describe(help))
            #expect(help.stdout.contains("--base-url") && help.stdout.contains("--max-in-flight"), describe(help))
            #expect(!help.stdout.contains("--interval"), "\(command): \(describe(help))")
        }
        let refused = await runLumatop(["download", "--interval", "2", "4665a07c"], env: sandbox.env())
        #expect(refused.status == 2, describe(refused))
        #expect(refused.stderr.contains("--interval"), describe(refused))
    }

    @Test func theCommandsThatPollStillTakeIt() async throws {
        let sandbox = try Sandbox()
        for command in ["dashboard", "watch", "status", "create", "extend"] {
            let help = await runLumatop([command, "--help"], env: sandbox.env())
            #expect(help.status == 0, describe(help))
            #expect(help.stdout.contains("--interval <interval>"), "\(command): \(describe(help))")
        }
        let tooShort = await runLumatop(["watch", "--interval", "0.5", "4665a07c"], env: sandbox.env())
        #expect(tooShort.status == 2 && tooShort.stderr.contains("--interval must be at least 1 second"), describe(tooShort))
    }
}
