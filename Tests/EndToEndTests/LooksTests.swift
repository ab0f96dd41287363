import Foundation
import Testing
import TestSupport

/// Colours and characters as the terminal receives them: 24-bit colour when COLORTERM says so.
@Suite(.drivesTerminal) struct LooksTests {
    let scratch = ScratchDirectory()
    var env: [String: String] {
        ["HOME": scratch.path, "XDG_STATE_HOME": scratch.path + "/state", "TERM": "tmux-256color", "LANG": "C.UTF-8"]
    }

    /// The dark theme's text is #d0d0d0: exact with COLORTERM=truecolor, 252 of the table without.
    @Test(arguments: [("truecolor", "38;2;208;208;208"), ("", "38;5;252")])
    func colortermGivesExactColours(colorterm: String, expected: String) async throws {
        var e = env
        if !colorterm.isEmpty { e["COLORTERM"] = colorterm }
        let t = await Tmux(width: 100, height: 30, command: "\(lumatopBinary) --demo --interval 1 --theme dark", env: e)
        await t.waitFor(text: "lumatop │ demo")
        await t.waitFor("text in \(expected)", escapes: true) { $0.contains(expected) }
        let screen = await t.screen(escapes: true)
        #expect(screen.contains("38;2;") == !colorterm.isEmpty, "24-bit colours only when COLORTERM says so")
        await t.keys("q")
        await t.waitFor(text: "EXIT=0")
    }

    /// With LANG=C ncurses draws anything past ASCII as a blank: the dashboard draws in ASCII.
    @Test func aCLocaleGetsASCIIIconsAndLines() async throws {
        var e = env
        e["LANG"] = "C"
        e["LC_ALL"] = "C"
        e["LUMATOP_DEMO_TIMESCALE"] = "10"
        let t = await Tmux(width: 120, height: 30, command: "\(lumatopBinary) --demo --interval 1", env: e)
        await t.waitFor(text: "lumatop | demo")
        await t.waitFor("a completed row with its ASCII icon") { screen in
            screen.split(separator: "\n").contains { $0.hasPrefix("+") && $0.contains("completed") }
        }
        let screen = await t.screen()
        #expect(!screen.unicodeScalars.contains { !$0.isASCII }, "\(screen)")
        let body = screen.split(separator: "\n").dropFirst().prefix(20)
        #expect(body.allSatisfy { $0.contains("|") }, "the pane's border is drawn, not blank")
        #expect(screen.contains("AGE^"), "the sort arrow, in ASCII")
        await t.keys("q")
        await t.waitFor(text: "EXIT=0")
    }
}
