import Foundation
import Testing
import TestSupport

/// The `:` line in a real terminal: typed, completed with Tab, run with Enter, seen on the screen.
@Suite(.drivesTerminal) struct CommandLineEndToEndTests {
    let scratch = ScratchDirectory()
    var env: [String: String] {
        ["HOME": scratch.path, "XDG_STATE_HOME": scratch.path + "/state", "TERM": "tmux-256color", "LANG": "C.UTF-8"]
    }

    @Test func sortAndThemeFromTheCommandLine() async throws {
        let t = await Tmux(width: 120, height: 30, command: "\(lumatopBinary) --demo", env: env)
        await t.waitFor(text: "AGE↑")
        await t.keys(":")
        await t.type("sort state")
        await t.waitFor(text: ":sort state")
        await t.keys("Enter")
        await t.waitFor(text: "STATE↑")
        #expect(await !t.screen().contains("AGE↑"), "one header carries the arrow")

        // Tab: the command's name, then a theme's name from the shipped catalog.
        await t.keys(":")
        await t.type("th")
        await t.keys("Tab")
        await t.waitFor(text: ":theme")  // and a space, which the capture trims
        await t.type("d")
        await t.keys("Tab")
        await t.waitFor("both themes starting with d listed") { $0.contains("default  dark") }
        await t.type("a")
        await t.keys("Tab")
        await t.waitFor(text: ":theme dark")
        await t.keys("Enter")
        // dark paints its own background: #1c1c1c is 234 of the 256.
        await t.waitFor("dark background", escapes: true) { $0.contains("48;5;234") }

        // The demo's rate-limit banner may cover a message in the bottom bar: the log keeps it.
        await t.keys(":")
        await t.type("sotr")
        await t.keys("Enter")
        await t.keys(":")
        await t.waitFor("the refused line offered again") { $0.split(separator: "\n").contains { $0.hasPrefix(":sotr") } }
        await t.keys("Escape")
        await t.waitFor("the line closed") { !$0.split(separator: "\n").contains { $0.hasPrefix(":") } }
        await t.keys("L")
        await t.waitFor(text: "unknown command :sotr (did you mean :sort?)")
        await t.waitFor(text: "theme: dark")
        await t.keys("x")
        await t.waitFor("the log closed") { !$0.contains("theme: dark") }
        await t.keys(":")
        await t.type("quit")
        await t.keys("Enter")
        await t.waitFor(text: "EXIT=0")
    }
}
