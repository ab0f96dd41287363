import Foundation
import Testing
@testable import LumaKit
@testable import LumaUI

/// Where one is: the list's position, more below in the detail, a filter that matches nothing.
@Suite struct WhereAmITests {
    func frame(_ state: DashboardState, width: Int = 80, height: Int = 24) -> Buffer {
        DashboardView.render(Frame(state: state, snapshot: Samples.store().snapshot(), width: width, height: height,
                                   now: Samples.now, host: "h", timeZone: Samples.utc))
    }

    @Test func theListHeaderSaysWhichRowIsSelectedOfHowMany() {
        var state = DashboardState()
        let rows = state.rows(Samples.store().snapshot())
        state.selectedID = rows[2].id
        let header = frame(state).lines[1]
        #expect(header.hasSuffix(" 3/\(rows.count)"), "\(header)")
    }

    @Test func aFilterThatMatchesNothingSaysSoNotThatNothingIsTracked() {
        var state = DashboardState()
        state.filter = "zzz-nothing"
        let text = frame(state).text
        #expect(text.contains("no match for 'zzz-nothing'"))
        #expect(!text.contains("no generations tracked"))
    }

    @Test func theDetailSaysWhenMoreIsBelowAndStopsSayingItAtTheEnd() {
        var state = DashboardState()
        state.selectedID = "l0ng-prompt"
        state.zoomed = true
        let top = frame(state, width: 60, height: 12)
        #expect(top.lines[10].hasSuffix("more ↓"), "\(top.text)")
        state.detailScroll = 1_000
        #expect(!frame(state, width: 60, height: 12).text.contains("more ↓"))
    }

    @Test(arguments: [(LumaUI.SortOrder.newestFirst, "AGE↑"), (.byState, "STATE↑"), (.byTimeInState, "IN STATE↓")])
    func theSortShowsOnItsColumnHeader(sort: LumaUI.SortOrder, header: String) {
        var state = DashboardState()
        state.sort = sort
        let line = frame(state, width: 200, height: 30).lines[1]
        #expect(line.contains(header), "\(line)")
        #expect(line.filter { $0 == "↑" || $0 == "↓" }.count == 1, "one arrow only")
    }

    @Test func theFiltersMatchIsUnderlinedInTheRow() throws {
        var state = DashboardState()
        state.filter = "LIGHTHOUSE"
        let buffer = frame(state, width: 200, height: 30)
        let y = try #require(buffer.lines.firstIndex { $0.contains("a very long prompt about lighthouses") })
        let row = buffer.lines[y]
        let at = row.distance(from: row.startIndex, to: try #require(row.range(of: "lighthouses")).lowerBound)
        #expect((at..<at + 10).allSatisfy { buffer[$0, y].style.underline }, "the match")
        #expect(!buffer[at - 2, y].style.underline && !buffer[at + 11, y].style.underline, "only the match")
    }
}

