import Foundation
import Testing
@testable import LumaKit
@testable import LumaUI

/// `L`: the bottom bar's messages kept with their times, the newest 200.
@Suite struct MessageLogTests {
    @Test func theLogKeepsTheNewest200WithTheirTimesAndErrors() {
        var state = DashboardState()
        for i in 0..<250 { state.say("message \(i)", error: i == 249, now: Samples.now + Double(i)) }
        #expect(state.log.count == DashboardState.logLimit)
        #expect(state.log.first?.text == "message 50" && state.log.last?.isError == true)

        state.showLog = true
        let f = Frame(state: state, snapshot: Samples.store().snapshot(), width: 80, height: 24, now: Samples.now,
                      host: "h", timeZone: Samples.utc)
        let screen = DashboardView.render(f)
        #expect(screen.text.contains("log: 181–200 of 200"), "20 rows of 24 between the bars and the border")
        let last = try? #require(screen.lines.first { $0.contains("message 249") })
        #expect(last?.contains(LocalTime.clock(Samples.now + 249, in: Samples.utc)) == true)
        let y = screen.lines.firstIndex { $0.contains("message 249") }!
        let x = screen.lines[y].distance(from: screen.lines[y].startIndex, to: screen.lines[y].range(of: "message 249")!.lowerBound)
        #expect(screen[x, y].style == Theme.default[.error], "errors keep their colour")
    }

    @Test func upGoesBackThroughTheLogAndAnotherKeyClosesIt() {
        var state = DashboardState()
        for i in 0..<50 { state.say("message \(i)", now: Samples.now) }
        state.showLog = true
        let ctx = KeyContext(snapshot: Samples.store().snapshot(), now: Samples.now, listHeight: 10, helpLines: 10)
        _ = state.reduce(.pageUp, ctx)
        #expect(state.logScroll == 10)
        _ = state.reduce(.down, ctx)
        #expect(state.logScroll == 9)
        _ = state.reduce(.char("q"), ctx)
        #expect(!state.showLog && state.logScroll == 0)
    }
}
