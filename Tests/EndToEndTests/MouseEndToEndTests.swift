import Foundation
import Testing
import TestSupport
import LumaDemo
import LumaKit

/// The mouse in a real terminal: tmux is sent the SGR reports a terminal writes for a click and
/// a turn of the wheel, and says whether the dashboard asked for them.
@Suite(.drivesTerminal) struct MouseEndToEndTests {
    let scratch = ScratchDirectory()
    var home: String { scratch.path }

    /// The dashboard in tmux on `count` processing generations of a scripted service.
    func dashboard(count: Int, width: Int, height: Int, flags: String = "",
                   more: [String: String] = [:]) async throws -> (Tmux, DemoServer) {
        let script = ScriptedService(apiKey: "e2e-key")
        let ids = (1...count).map { String(format: "m%02d-job", $0) }
        // Distinct creation times: the list's order is settled once every answer is in.
        for (i, id) in ids.enumerated() {
            script.script(id, [.generation(Generation(id: id, state: .processing, prompt: "prompt of \(id)",
                                                      createdAt: Date(timeIntervalSince1970: 1_800_000_000 + Double(i) * 60)))])
        }
        let server = try script.serve()
        let env = ["HOME": home, "XDG_STATE_HOME": home + "/state", "TERM": "tmux-256color", "LANG": "C.UTF-8",
                   "QUICKROUTER_API_KEY": "e2e-key"].merging(more) { $1 }
        let t = await Tmux(width: width, height: height, command: "\(lumatopBinary) --base-url \(server.baseURL) "
                           + "--state-dir \(home)/own --interval 1 \(flags) \(ids.joined(separator: " "))", env: env)
        return (t, server)
    }

    /// A press and release of the left button at a cell (zero-based), as the terminal reports it.
    func click(x: Int, y: Int) -> String { "\u{1B}[<0;\(x + 1);\(y + 1)M\u{1B}[<0;\(x + 1);\(y + 1)m" }

    func lines(_ t: Tmux) async -> [String] { await t.screen().split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    /// The id a list row shows (the rows' states may still change).
    func id(in line: String) -> String? { line.firstMatch(of: /m\d\d-job/).map { String($0.output) } }

    @Test func clicksSelectSortAndZoomAndTheWheelScrollsTheList() async throws {
        let (t, server) = try await dashboard(count: 12, width: 120, height: 12)
        defer { server.stop() }
        await t.waitFor(text: "12 processing")
        await t.waitFor(text: "1/12")
        #expect(await t.value("#{mouse_any_flag}") == "1", "the dashboard asked for the mouse")
        #expect(await t.value("#{mouse_sgr_flag}") == "1", "as SGR reports")

        // Screen row 0 is the title, 1 the list's header, the rows from 2.
        await t.type(click(x: 3, y: 4))
        await t.waitFor(text: "3/12")

        // The wheel: the view moves three rows; the selected third row left it, so the selection
        // moves to the first row shown.
        let fourth = try #require(id(in: await lines(t)[5]))
        await t.type("\u{1B}[<65;10;6M")
        await t.waitFor(text: "4/12")
        #expect(id(in: await lines(t)[2]) == fourth, "the fourth row is now the first shown")

        // The STATE header sorts by state; again, the other way.
        let header = await lines(t)[1]
        let x = header.distance(from: header.startIndex, to: try #require(header.range(of: "STATE")).lowerBound)
        await t.type(click(x: x, y: 1))
        await t.waitFor(text: "STATE↑")
        await t.type(click(x: x, y: 1))
        await t.waitFor(text: "STATE↓")

        // Two clicks at once on a row: that one zoomed, the list gone.
        let clicked = try #require(id(in: await lines(t)[3]))
        await t.type(click(x: 3, y: 3) + click(x: 3, y: 3))
        await t.waitFor("\(clicked) zoomed") { !$0.contains("STATE↓") && $0.contains("id          \(clicked)") }
        await t.keys("q")
        await t.waitFor(text: "STATE↓")
        await t.keys("q")
        await t.waitFor(text: "EXIT=0")
        #expect(await t.value("#{mouse_any_flag}") == "0", "mouse reporting off again on the way out")
        #expect(await t.value("#{mouse_sgr_flag}") == "0")
    }

    @Test func withNoMouseTheTerminalKeepsTheMouseAndAClickDoesNothing() async throws {
        let (t, server) = try await dashboard(count: 3, width: 120, height: 20, flags: "--no-mouse")
        defer { server.stop() }
        await t.waitFor(text: "1/3")
        #expect(await t.value("#{mouse_any_flag}") == "0", "never asked for")
        // A click on the third row, then j: the selection moves from the first row to the second.
        await t.type(click(x: 3, y: 4))
        await t.keys("j")
        await t.waitFor(text: "2/3")
        await t.keys("q")
        await t.waitFor(text: "EXIT=0")
    }

    @Test func aConfigWithMouseOffKeepsItOffAndTheFlagNeedNotBeGiven() async throws {
        let folder = home + "/.config/lumatop"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "mouse = false\n".write(toFile: folder + "/config.toml", atomically: true, encoding: .utf8)
        let (t, server) = try await dashboard(count: 1, width: 100, height: 20)
        defer { server.stop() }
        await t.waitFor(text: "1/1")
        #expect(await t.value("#{mouse_any_flag}") == "0")
    }

    /// A crash while the mouse is reported must not leave the terminal reporting it: the crash
    /// guard switches it off before handing the signal on.
    @Test func aCrashSwitchesMouseReportingOff() async throws {
        // Swift's crash reporter off: it would take the signal next and, as it was sent rather than
        // a fault, let the process go on after its report.
        let (t, server) = try await dashboard(count: 1, width: 100, height: 20, more: ["SWIFT_BACKTRACE": "enable=no"])
        defer { server.stop() }
        await t.waitFor(text: "1/1")
        #expect(await t.value("#{mouse_any_flag}") == "1")
        let shell = await t.value("#{pane_pid}")
        let pid = await run(["pgrep", "-P", shell]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(Int32(pid) != nil, "the dashboard's pid under \(shell): \(pid)")
        await run(["kill", "-SEGV", pid])
        await t.waitFor(text: "EXIT=139", timeout: 60)
        #expect(await t.value("#{mouse_any_flag}") == "0", "mouse reporting off after the crash")
        #expect(await t.value("#{mouse_sgr_flag}") == "0")
    }
}
