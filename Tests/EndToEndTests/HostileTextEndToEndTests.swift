import Foundation
import Testing
import TestSupport
import LumaDemo
import LumaKit

/// The dashboard in a real terminal showing an answer full of escape sequences, bidi overrides
/// and zero-width characters: none of them acts on the terminal, the clipboard or the title.
@Suite(.drivesTerminal) struct HostileTextEndToEndTests {
    let scratch = ScratchDirectory()
    var home: String { scratch.path }

    @Test func theServersTextNeverDrivesTheTerminal() async throws {
        let url = "http://127.0.0.2:1/v\u{1B}]0;URLTITLE\u{07}\u{202E}4pm.mp4"
        let answer = Generation(
            id: "evil\u{1B}]0;IDTITLE\u{07}", state: .unknown("dream\u{1B}[5m\u{202E}ing"),
            prompt: "nice\u{1B}]0;HACKED\u{07}\u{1B}[38;2;1;2;3mtinted\u{1B}[5mblink\u{202E}gnp.exe\u{200B}end",
            video: Media(url: url, width: 1360, height: 752),
            failureReason: "why\u{1B}[48;2;4;5;6m\u{2066}not\u{9B}7m")
        let script = ScriptedService(apiKey: "e2e-key")
        script.setDefault(.generation(answer))
        let server = try script.serve()
        defer { server.stop() }
        let env = ["HOME": home, "XDG_STATE_HOME": home + "/state", "TERM": "tmux-256color", "LANG": "C.UTF-8",
                   "QUICKROUTER_API_KEY": "e2e-key"]
        let t = await Tmux(width: 120, height: 40,
                     command: "\(lumatopBinary) --base-url \(server.baseURL) --state-dir \(home)/s --interval 1 evil", env: env)
        await t.tmux("set", "-g", "set-clipboard", "on")
        await t.waitFor(text: "nicetintedblink<U+202E>gnp.exe")
        await t.waitFor(text: "dream<U+202E>ing")
        await t.waitFor(text: "why<U+2066>not")

        let screen = await t.screen()
        let raw = screen.unicodeScalars.filter { $0 != "\n" && UntrustedText.escapesInJSON($0) }
        #expect(raw.isEmpty, "raw characters on the screen: \(raw.map(UntrustedText.marker))")
        let coloured = await t.screen(escapes: true)
        #expect(!coloured.contains("38;2;1;2;3") && !coloured.contains("48;2;4;5;6"), "the server's colours were drawn")
        #expect(!coloured.contains("\u{1B}[5m"), "the server's blink was drawn")
        let title = await t.value("#{pane_title}")
        #expect(!title.contains("HACKED") && !title.contains("TITLE"), "an OSC title sequence reached the terminal: \(title)")

        // y copies the URL: cleaned, or refused; never raw.
        await t.keys("y")
        // Whether the URL was copied (cleaned) or refused, the bottom bar answers.
        await t.waitFor("copied or refused") { $0.contains("copied") || $0.contains("refused") }
        let clipboard = await t.tmux("show-buffer")
        if await t.screen().contains("refused") {
            #expect(clipboard.status != 0, "refused, yet something was copied: \(clipboard.out.debugDescription)")
        } else {
            #expect(!clipboard.out.unicodeScalars.contains(where: UntrustedText.escapesInJSON), "copied raw: \(clipboard.out.debugDescription)")
        }
        await t.keys("q")
        await t.waitFor(text: "EXIT=0")
    }
}
