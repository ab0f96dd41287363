import Foundation
import Testing
import TestSupport
import LumaDemo
import LumaKit

/// Poor terminals, colours on them, the selection bar, and pastes, in a real terminal.
@Suite(.drivesTerminal) struct TerminalTests {
    let scratch = ScratchDirectory()
    var home: String { scratch.path }
    var env: [String: String] { ["HOME": home, "XDG_STATE_HOME": home + "/state", "TERM": "tmux-256color", "LANG": "C.UTF-8"] }

    @Test(arguments: ["dumb", "", "no-such-terminal"])
    func aTerminalThatCannotAddressTheCursorIsSentToWatch(term: String) async throws {
        var e = env
        e["TERM"] = term
        let t = await Tmux(width: 200, height: 24, command: "\(lumatopBinary) --demo", env: e)
        await t.waitFor(text: "EXIT=2")
        let screen = await t.screen().replacingOccurrences(of: "\n", with: "")
        #expect(screen.contains("lumatop watch"), "\(screen)")
        #expect(!screen.contains("Fatal"))
    }

    @Test func eightColoursDrawNothingBlackOnTheDefaultBackground() async throws {
        var e = env
        e["TERM"] = "xterm"  // terminfo: 8 colours
        e["LUMATOP_DEMO_TIMESCALE"] = "10"
        for theme in ["default", "dark", "high-contrast", "gruvbox"] {
            let t = await Tmux(width: 120, height: 40, command: "\(lumatopBinary) --demo --interval 1 --theme \(theme)", env: e)
            await t.waitFor(text: "lumatop │ demo")
            await t.waitFor(text: "completed")
            await t.keys("?")  // the help overlay shows every key hint style too
            await t.waitFor(text: "keys")
            let help = await t.capture()
            await t.keys("Escape")
            try await Task.sleep(for: .seconds(0.3))
            for screen in [help, await t.capture()] {
                let black = screen.cells.filter { $0.char != " " && $0.style.shownBlackOnDefault }
                #expect(black.isEmpty, "\(theme): \(black.prefix(5).map { String($0.char) }) drawn black")
            }
            await t.keys("q")
            await t.waitFor(text: "EXIT=0")
        }
    }

    @Test(arguments: ["tmux-256color", "xterm"])
    func theSelectionBarIsOneColourAcrossTheRow(term: String) async throws {
        var e = env
        e["TERM"] = term
        let t = await Tmux(width: 120, height: 30, command: "\(lumatopBinary) --demo --interval 1", env: e)
        await t.waitFor(text: "lumatop │ demo")
        await t.waitFor(text: "processing")
        let screen = await t.capture()
        let row = try #require(screen.rows.first { r in
            r.first.map { "○◐✔✖∅?↻!".contains($0.char) && $0.style.reverse } == true
        }, "the selected row, in reverse video")
        let listPart = row.prefix(70)  // left of the detail pane
        let styles = Set(listPart.map { SGRStyle(fg: $0.style.fg, bg: $0.style.bg, reverse: $0.style.reverse) })
        #expect(styles.count == 1, "the selected row mixes \(styles)")
        await t.keys("q")
        await t.waitFor(text: "EXIT=0")
    }

    @Test func aPasteIsTextForTheOpenPromptAndNothingWithout() async throws {
        let script = ScriptedService(apiKey: "e2e-key")
        for id in ["first-job", "pasted-one", "pasted-two"] {
            script.script(id, [.generation(Generation(id: id, state: .processing, prompt: "prompt of \(id)"))])
        }
        let server = try script.serve()
        defer { server.stop() }
        var e = env
        e["QUICKROUTER_API_KEY"] = "e2e-key"
        let t = await Tmux(width: 120, height: 30, command: "\(lumatopBinary) --base-url \(server.baseURL) --state-dir \(home)/p --interval 1 first-job",
                     env: e)
        await t.waitFor(text: "first-job")
        // No prompt open: keys inside a paste (x untracks, q quits) do nothing.
        await t.paste("xy\nq\n")
        try await Task.sleep(for: .seconds(1))
        #expect(await t.screen().contains("first-job"), "nothing was untracked")
        #expect(await !t.screen().contains("EXIT="), "nothing quit")
        // In `a`, the newlines of the paste separate ids.
        await t.keys("a")
        await t.waitFor(text: "add task ids:")
        await t.paste("pasted-one\npasted-two\n")
        await t.waitFor(text: "add task ids: pasted-one pasted-two")
        await t.keys("Enter")
        await t.waitFor(text: "tracking 2 ids")
        await t.waitFor("both pasted ids listed") { $0.contains("pasted-o") && $0.contains("pasted-t") }
        await t.keys("q")
        await t.waitFor(text: "EXIT=0")
    }
}

/// What a cell looks like in a capture: SGR colours as numbers (-1 default; 0–255), reverse.
struct SGRStyle: Hashable {
    var fg = -1, bg = -1
    var reverse = false

    /// Black text on the terminal's own background: invisible on a dark terminal.
    var shownBlackOnDefault: Bool { !reverse && fg == 0 && bg == -1 }
}

struct Capture {
    struct Cell { let char: Character; let style: SGRStyle }
    let rows: [[Cell]]
    var cells: [Cell] { rows.flatMap { $0 } }
}

extension Tmux {
    /// The screen with attributes, trailing spaces kept, read into cells.
    func capture() async -> Capture {
        let text = await tmux("capture-pane", "-p", "-e", "-N", "-t", session).out
        var rows: [[Capture.Cell]] = [[]]
        var style = SGRStyle()
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if c == "\u{1B}", chars.first == "[" {
                chars.removeFirst()
                var params = ""
                while let p = chars.popFirst(), p != "m" { params.append(p) }
                apply(params, to: &style)
            } else if c == "\n" {
                rows.append([])
            } else {
                rows[rows.count - 1].append(Capture.Cell(char: c, style: style))
            }
        }
        return Capture(rows: rows)
    }

    private func apply(_ params: String, to s: inout SGRStyle) {
        var codes = params.split(separator: ";").map { Int($0) ?? 0 }[...]
        if codes.isEmpty { s = SGRStyle() }
        while let code = codes.popFirst() {
            switch code {
            case 0: s = SGRStyle()
            case 7: s.reverse = true
            case 27: s.reverse = false
            case 30...37: s.fg = code - 30
            case 90...97: s.fg = code - 90 + 8
            case 39: s.fg = -1
            case 40...47: s.bg = code - 40
            case 100...107: s.bg = code - 100 + 8
            case 49: s.bg = -1
            case 38, 48:
                var value = -1
                if codes.first == 5 { codes.removeFirst(); value = codes.popFirst() ?? -1 }
                else if codes.first == 2 { codes.removeFirst(); value = 1000 + (codes.popFirst() ?? 0); _ = codes.popFirst(); _ = codes.popFirst() }
                if code == 38 { s.fg = value } else { s.bg = value }
            default: break
            }
        }
    }

    /// Pastes `text` as a terminal would: bracketed when the program asked for it.
    func paste(_ text: String) async {
        await tmux("set-buffer", "-b", "lumatop-test", text)
        await tmux("paste-buffer", "-p", "-d", "-b", "lumatop-test", "-t", session)
    }
}
