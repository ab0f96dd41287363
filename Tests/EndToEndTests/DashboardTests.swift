import Foundation
import Testing
import TestSupport
import LumaDemo
import LumaKit

/// The built binary in a real terminal (tmux), driven by keys, read back from the screen.
@Suite(.drivesTerminal) struct DashboardTests {
    let scratch = ScratchDirectory()
    var home: String { scratch.path }
    var env: [String: String] { ["HOME": home, "XDG_STATE_HOME": home + "/state", "TERM": "tmux-256color", "LANG": "C.UTF-8"] }

    /// The dashboard in tmux against a scripted server, with its own state dir.
    func dashboard(_ script: ScriptedService, server: DemoServer, state: String, width: Int = 120, height: Int = 40,
                   ids: String) async -> Tmux {
        var e = env
        e["QUICKROUTER_API_KEY"] = script.apiKey
        return await Tmux(width: width, height: height,
                          command: "\(lumatopBinary) --base-url \(server.baseURL) --state-dir \(state) --interval 1 \(ids)", env: e)
    }

    func listRows(_ screen: String) -> [String] {
        screen.split(separator: "\n").map(String.init).filter { $0.hasPrefix("✔") || $0.hasPrefix("◐") || $0.hasPrefix("○") || $0.hasPrefix("✖") || $0.hasPrefix("∅") }
    }

    @Test func demoFillsAdvancesPaintsAndQuitsRestoringTheTerminal() async throws {
        var e = env
        e["LUMATOP_DEMO_TIMESCALE"] = "10"
        let t = await Tmux(width: 120, height: 40, command: "\(lumatopBinary) --demo --interval 1", env: e)
        await t.waitFor("twelve rows") { listRows($0).count >= 12 }
        // On a busy machine the first dozen may be done before the first frame (they take nine
        // seconds here); new ones keep coming, each pending then processing for a moment.
        await t.waitFor("a generation in progress") { $0.contains("○ pending") || $0.contains("◐ processing") }
        #expect(await t.screen().contains("lumatop │ demo"))
        #expect(await t.value("#{alternate_on}") == "1")
        // Every job of the first dozen finishes within 90 demo seconds (9 s here); one fails. New
        // ones keep appearing at the top, so count rather than wait for all to settle.
        await t.waitFor("the first dozen finished", timeout: 60) { s in
            let rows = listRows(s)
            return rows.filter { $0.hasPrefix("✔ completed") }.count >= 11 && rows.contains { $0.hasPrefix("✖ failed") }
        }
        // The oldest (last) generation was completed from the start: its palette is painted in
        // colour, 256-colour backgrounds in tmux.
        await t.keys("G")
        await t.waitFor(text: "raw video")
        await t.waitFor("palette painted", escapes: true) { $0.contains("48;5;") }
        await t.keys("q")
        await t.waitFor(text: "EXIT=0")
        #expect(await t.value("#{alternate_on}") == "0", "the terminal left the alternate screen")
        #expect(await !t.screen().contains("lumatop │ demo"))
    }

    @Test func keysMoveAddFilterAndRemove() async throws {
        let script = ScriptedService(apiKey: "e2e-key")
        script.script("first-job", [.generation(Generation(id: "first-job", state: .processing, prompt: "first prompt"))])
        script.script("second-job", [.generation(Generation(id: "second-job", state: .pending, prompt: "second prompt"))])
        script.script("added-job", [.generation(Generation(id: "added-job", state: .completed, prompt: "added prompt"))])
        let server = try script.serve()
        defer { server.stop() }
        let state = home + "/own-state"
        let t = await dashboard(script, server: server, state: state, ids: "first-job second-job")
        await t.waitFor("both rows") { listRows($0).count == 2 && $0.contains("second-j") }
        // j moves the selection down a row and the detail follows; k moves it back.
        let top = await t.screen().contains("│ id          first-job") ? "first-job" : "second-job"
        let other = top == "first-job" ? "second-job" : "first-job"
        await t.waitFor("detail shows \(top)") { $0.contains("│ id          \(top)") }
        await t.keys("j")
        await t.waitFor("detail shows \(other)") { $0.contains("│ id          \(other)") }
        await t.keys("k")
        await t.waitFor("detail back on \(top)") { $0.contains("│ id          \(top)") }

        await t.keys("a")
        await t.type("added-job")
        await t.keys("Enter")
        await t.waitFor(text: "added prompt")
        #expect(await run([lumatopBinary, "list", "--state-dir", state]).out.contains("added-job"), "a persists the id")

        await t.keys("/")
        await t.type("second")
        await t.waitFor("filtered") { s in listRows(s).count == 1 && s.contains("second-j") }
        await t.keys("Escape")
        await t.waitFor("filter cleared") { listRows($0).count == 3 }

        await t.keys("g")
        await t.waitFor("added-job selected") { $0.contains("│ id          added-job") }
        await t.keys("x")
        await t.waitFor(text: "untrack added-jo? (y/n)")
        await t.keys("y")
        await t.waitFor("row removed") { listRows($0).count == 2 && !$0.contains("added prompt") }
        #expect(await !run([lumatopBinary, "list", "--state-dir", state]).out.contains("added-job"))

        // An invalid id is refused with the reason.
        await t.keys("a")
        await t.type("bad/id")
        await t.keys("Enter")
        await t.waitFor(text: "invalid task id \"bad/id\"")
        await t.keys("q")
        await t.waitFor(text: "EXIT=0")
    }

    @Test func resizeLaysOutAgainAndTooSmallRecovers() async throws {
        var e = env
        e["LUMATOP_DEMO_TIMESCALE"] = "10"
        let t = await Tmux(width: 120, height: 40, command: "\(lumatopBinary) --demo", env: e)
        await t.waitFor("side by side") { s in s.split(separator: "\n").dropFirst().first?.contains("│ id") == true }
        await t.resize(60, 20)
        await t.waitFor("stacked") { $0.contains("─ detail ─") }
        #expect(await t.screen().split(separator: "\n").allSatisfy { $0.count <= 60 })
        await t.resize(30, 10)
        await t.waitFor(text: "terminal too small (30×10)")
        await t.resize(120, 40)
        await t.waitFor("side by side again") { s in !s.contains("─ detail ─") && s.contains("│ id") }
        await t.keys("C-c")
        await t.waitFor(text: "EXIT=0")
        #expect(await t.value("#{alternate_on}") == "0")
    }

    @Test func idsTrackedElsewhereAppearAndUntrackedDisappear() async throws {
        let script = ScriptedService(apiKey: "e2e-key")
        script.setDefault(.generation(Generation(id: "x", state: .completed, prompt: "from elsewhere")))
        let server = try script.serve()
        defer { server.stop() }
        let state = home + "/shared-state"
        let t = await dashboard(script, server: server, state: state, width: 100, height: 30, ids: "job-one")
        await t.waitFor(text: "job-one")
        #expect(await run([lumatopBinary, "track", "job-two", "--state-dir", state]).status == 0)
        await t.waitFor(text: "job-two", timeout: 2.5)
        #expect(await run([lumatopBinary, "untrack", "job-one", "--state-dir", state]).status == 0)
        await t.waitFor("job-one gone", timeout: 2.5) { !$0.contains("job-one") }
        await t.keys("q")
        await t.waitFor(text: "EXIT=0")
    }

    @Test func sigtermRestoresTheTerminal() async throws {
        let marker = "sig-\(UUID().uuidString.prefix(6))"
        let t = await Tmux(width: 80, height: 24, command: "\(lumatopBinary) --demo --state-dir /tmp/\(marker)", env: env)
        await t.waitFor(text: "lumatop │ demo")
        // Only lumatop itself: the shell and the tmux server carry the marker in their command lines too.
        await run(["pkill", "-TERM", "-f", "^\(lumatopBinary) --demo --state-dir /tmp/\(marker)"])
        await t.waitFor(text: "EXIT=143")
        #expect(await t.value("#{alternate_on}") == "0")
    }

    @Test func unknownTerminalTypeIsAClearErrorNotACrash() async throws {
        var e = env
        e["TERM"] = "no-such-terminal"
        let t = await Tmux(width: 80, height: 24, command: "\(lumatopBinary) --demo", env: e)
        await t.waitFor(text: "EXIT=2")
        #expect(await t.screen().contains("cannot drive this terminal (TERM=no-such-terminal)"))
    }

    @Test func escapeSequencesInAPromptNeverReachTheTerminal() async throws {
        let script = ScriptedService(apiKey: "e2e-key")
        script.setDefault(.generation(Generation(id: "evil", state: .completed,
                                                 prompt: "nice\u{1B}]0;HACKED\u{07}\u{1B}[2J\u{1B}[31mred prompt")))
        let server = try script.serve()
        defer { server.stop() }
        var e = env
        e["QUICKROUTER_API_KEY"] = "e2e-key"
        let t = await Tmux(width: 100, height: 30, command: "\(lumatopBinary) --base-url \(server.baseURL) --state-dir \(home)/s evil", env: e)
        await t.waitFor(text: "nicered prompt")
        #expect(await !t.value("#{pane_title}").contains("HACKED"), "an OSC title sequence reached the terminal")
        await t.keys("q")
        await t.waitFor(text: "EXIT=0")
    }
}

@Suite(.drivesTerminal) struct ThemeEndToEndTests {
    let scratch = ScratchDirectory()
    var home: String { scratch.path }

    @Test func brokenThemeIsReportedThenTCyclesThemesLive() async throws {
        let broken = home + "/broken.theme"
        try "state.pending = red\nselection = #nothex\n".write(toFile: broken, atomically: true, encoding: .utf8)
        let env = ["HOME": home, "XDG_STATE_HOME": home + "/state", "TERM": "tmux-256color", "LANG": "C.UTF-8"]
        let t = await Tmux(width: 100, height: 30, command: "\(lumatopBinary) --demo --theme \(broken)", env: env)
        await t.waitFor(text: "broken.theme:2: error")
        await t.keys("j")
        await t.waitFor("the notice goes with a key") { !$0.contains("broken.theme") }
        await t.keys("t")
        await t.waitFor(text: "theme: dark")
        // dark paints its own background: #1c1c1c is 234 of the 256.
        await t.waitFor("dark background", escapes: true) { $0.contains("48;5;234") }
        await t.keys("t")
        await t.waitFor(text: "theme: gruvbox")
        await t.keys("q")
        await t.waitFor(text: "EXIT=0")
    }

    @Test func themeFromTheEnvironment() async throws {
        let env = ["HOME": home, "XDG_STATE_HOME": home + "/state", "TERM": "tmux-256color", "LANG": "C.UTF-8",
                   "LUMATOP_THEME": "light"]
        let t = await Tmux(width: 100, height: 30, command: "\(lumatopBinary) --demo", env: env)
        // light's #fafafa background is 231 (white) of the 256.
        await t.waitFor("light background", escapes: true) { $0.contains("48;5;231") }
        await t.keys("q")
        await t.waitFor(text: "EXIT=0")
    }
}
