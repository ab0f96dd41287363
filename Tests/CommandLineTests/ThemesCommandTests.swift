import Foundation
import Testing
import TestSupport

@Suite(.startsProcesses) struct ThemesCommandTests {
    @Test func listsEveryShippedThemeAndTheUsersOwn() async throws {
        let sandbox = try Sandbox()
        let userThemes = sandbox.home.appendingPathComponent(".config/lumatop/themes")
        try FileManager.default.createDirectory(at: userThemes, withIntermediateDirectories: true)
        try "description = my own\nstate.pending = red\n".write(to: userThemes.appendingPathComponent("mine.theme"), atomically: true, encoding: .utf8)
        let run = await runLumatop(["themes"], env: sandbox.env())
        #expect(run.status == 0, "\(run.stderr)")
        let names = run.stdout.split(separator: "\n").map { String($0.split(separator: " ")[0]) }
        #expect(names == ["default", "dark", "gruvbox", "high-contrast", "light", "mine", "mono", "solarized-dark"])
        #expect(run.stdout.contains("my own"))
        #expect(!run.stdout.contains("\u{1B}"), "no colour when stdout is not a terminal")
    }

    @Test func checkPassesAShippedTheme() async throws {
        let sandbox = try Sandbox()
        let run = await runLumatop(["themes", "--check", "gruvbox"], env: sandbox.env())
        #expect(run.status == 0)
        #expect(run.stdout.contains("gruvbox: ok"))
    }

    @Test func checkPrintsEveryProblemWithFileAndLine() async throws {
        let sandbox = try Sandbox()
        let path = sandbox.file("broken.theme").path
        try "# mine\nstate.pending = #12345g\nstate.queued = red\nselection = on\n".write(toFile: path, atomically: true, encoding: .utf8)
        let run = await runLumatop(["themes", "--check", path], env: sandbox.env())
        #expect(run.status == 1)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("\(path):2: error:"))
        #expect(lines[1].hasPrefix("\(path):3: warning: unknown key \"state.queued\""))
        #expect(lines[2].hasPrefix("\(path):4: error:"))
    }

    @Test func checkOfAnUnknownNameFails() async throws {
        let sandbox = try Sandbox()
        let run = await runLumatop(["themes", "--check", "no-such-theme"], env: sandbox.env())
        #expect(run.status == 1)
        #expect(run.stdout.contains("no theme named \"no-such-theme\""))
    }
}
