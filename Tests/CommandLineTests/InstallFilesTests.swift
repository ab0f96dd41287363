import Foundation
import Testing
import TestSupport
import LumaKit

/// What `make install` writes besides the binary, made from the built binary as scripts/install
/// does: the man page (scripts/manpage over `--experimental-dump-help`) and the completions.
/// The release build and the installed tree are checked by .ci/release.
@Suite(.startsProcesses) struct InstallFilesTests {
    private static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theManPageHasEveryCommandAndOnlyItsOwnOptions() async throws {
        let sandbox = try Sandbox()
        let dump = await runLumatop(["--experimental-dump-help"], env: sandbox.env())
        #expect(dump.status == 0, describe(dump))
        let input = sandbox.file("dump.json")
        try Data(dump.stdout.utf8).write(to: input)
        let page = await runProcess(["/bin/sh", "-c", "\"$0\" < \"$1\"",
                                     Self.repository.appendingPathComponent("scripts/manpage").path, input.path],
                                    environment: sandbox.env(), timeout: 60)
        #expect(page.status == 0, "\(page.stderr)")
        let lines = page.stdout.components(separatedBy: "\n")
        #expect(lines.contains(".TH LUMATOP 1 \"\" \"lumatop\" \"User Commands\""), "\(page.stdout.prefix(400))")
        for command in ["dashboard", "status", "watch", "download", "track", "untrack", "list", "log", "themes",
                        "preview", "create", "extend"] {
            #expect(lines.contains(".SS lumatop \(command)"), "no section for \(command)")
        }
        // Each command's section holds its own options: download's has no --interval, watch's has.
        func section(_ command: String) -> String {
            guard let start = lines.firstIndex(of: ".SS lumatop \(command)") else { return "" }
            let end = lines[(start + 1)...].firstIndex { $0.hasPrefix(".SS ") } ?? lines.endIndex
            return lines[start..<end].joined(separator: "\n")
        }
        #expect(section("download").contains("\\-\\-output") && !section("download").contains("interval"), "\(section("download"))")
        #expect(section("watch").contains("\\fB\\-\\-interval\\fR"), "\(section("watch"))")
        #expect(section("watch").contains("summary"), "the discussion of watch is in its section")
        // No line of text is taken for a request (a line starting with a dot or a quote).
        let requests = Set(lines.compactMap { $0.hasPrefix(".") ? $0.split(separator: " ").first.map(String.init) : nil })
        #expect(requests.isSubset(of: [".\\\"", ".TH", ".SH", ".SS", ".PP", ".TP", ".RS", ".RE", ".nf", ".fi", ".br"]),
                "\(requests)")
    }

    @Test func completionScriptsForEachShell() async throws {
        let sandbox = try Sandbox()
        let marks = ["bash": "-F _lumatop lumatop", "zsh": "#compdef lumatop", "fish": "complete -c 'lumatop'"]
        for (shell, mark) in marks {
            let run = await runLumatop(["--generate-completion-script", shell], env: sandbox.env())
            #expect(run.status == 0, "\(shell): \(describe(run))")
            #expect(run.stdout.contains(mark), "\(shell): \(run.stdout.prefix(300))")
            #expect(run.stdout.contains("watch") && run.stdout.contains("download"), "\(shell): the commands are completed")
        }
    }
}
