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
}
