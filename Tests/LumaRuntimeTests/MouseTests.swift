import Foundation
import Testing
@testable import LumaKit
@testable import LumaRuntime
@testable import LumaUI

extension Dashboard {
    /// A mouse event as the terminal delivers it, one turn of the runtime.
    func mouse(_ button: MouseEvent.Button, _ phase: MouseEvent.Phase = .press, x: Int, y: Int) {
        terminal.send(.mouse(MouseEvent(button, phase, column: x, row: y)))
        turn()
    }

    /// The screen row that shows `text`.
    func row(of text: String) throws -> Int {
        try #require(terminal.screen.lines.firstIndex { $0.contains(text) }, "\(text) on screen:\n\(screen)")
    }
}

/// Mouse events through the runtime: decoded event → action → reduce → frame.
@Suite struct MouseTests {
    @Test func aClickSelectsTheRowUnderItAndTheDetailFollows() throws {
        let d = Dashboard()
        let y = try d.row(of: String(Dashboard.failed.prefix(8)))
        d.mouse(.left, x: 3, y: y)
        d.mouse(.left, .release, x: 3, y: y)
        #expect(d.state.selectedID == Dashboard.failed)
        #expect(d.screen.contains("moderation"), "the detail shows the clicked row")
        // In the detail pane: the focus moves there, as Tab would.
        d.mouse(.left, x: 3, y: try d.row(of: "in state"))
        #expect(d.state.focus == .detail)
        #expect(d.screen.contains("detail (Tab: list)"))
    }

    @Test func aClickOnAColumnHeaderSortsAndTheArrowTurns() throws {
        let d = Dashboard(width: 160)
        let header = try d.row(of: "AGE↑")
        d.press(.char("s"))  // by state
        let line = d.terminal.screen.lines[header]
        let x = line.distance(from: line.startIndex, to: try #require(line.range(of: "AGE")).lowerBound)
        d.mouse(.left, x: x, y: header)
        #expect(d.state.sort == .newestFirst)
        #expect(d.terminal.screen.lines[header].contains("AGE↑"))
        #expect(d.ids == [Dashboard.completed, Dashboard.processing, Dashboard.failed])
        d.mouse(.left, x: x, y: header)
        #expect(d.terminal.screen.lines[header].contains("AGE↓"))
        #expect(d.ids == [Dashboard.failed, Dashboard.processing, Dashboard.completed], "oldest first")
        #expect(d.terminal.screen.lines[header + 1].contains(String(Dashboard.failed.prefix(8))))
    }

    @Test func theWheelOverTheDetailScrollsIt() throws {
        let d = Dashboard(width: 100, height: 20)
        let y = try d.row(of: "in state")
        d.mouse(.wheelDown, x: 50, y: y)
        #expect(d.state.detailScroll == DashboardState.wheelRows)
        #expect(d.state.selectedID == nil && d.state.focus == .list, "the list is left as it was")
        d.mouse(.wheelUp, x: 50, y: y)
        #expect(d.state.detailScroll == 0)
    }
}
