import Foundation
import Testing
@testable import LumaKit
@testable import LumaUI

/// Clicks and the wheel through `reduce`, aimed at where the frame draws things: the tests find
/// a row or a header on the rendered screen and click there.
@Suite struct MouseReduceTests {
    let snapshot = Samples.store().snapshot()
    /// Stacked: a list of five rows over a detail of five lines.
    var width = 80, height = 14

    func ctx(at now: Date = Samples.now) -> KeyContext {
        var c = KeyContext(snapshot: snapshot, now: now, listHeight: DashboardView.listRows(width: width, height: height, zoomed: false),
                           helpLines: 4)
        (c.screenWidth, c.screenHeight) = (width, height)
        return c
    }

    func screen(_ state: DashboardState) -> Buffer {
        DashboardView.render(Frame(state: state, snapshot: snapshot, width: width, height: height, now: Samples.now, host: "h",
                                   timeZone: Samples.utc))
    }

    func ids(_ state: DashboardState) -> [String] { state.rows(snapshot).map(\.id) }

    /// The screen row that shows `text`.
    func row(of text: String, in state: DashboardState) throws -> Int {
        try #require(screen(state).lines.firstIndex { $0.contains(text) }, "\(text) on screen:\n\(screen(state).text)")
    }

    /// The column where `text` starts on screen row `y` (ASCII lines only).
    func column(of text: String, row y: Int, in state: DashboardState) throws -> Int {
        let line = screen(state).lines[y]
        return line.distance(from: line.startIndex, to: try #require(line.range(of: text), "\(text) in \(line)").lowerBound)
    }

    func click(_ state: inout DashboardState, _ button: MouseEvent.Button = .left, x: Int, y: Int, at now: Date = Samples.now) {
        #expect(state.reduce(.mouse(MouseEvent(button, column: x, row: y)), ctx(at: now)).isEmpty)
    }

    @Test func aClickOnARowSelectsItAndFocusesTheList() throws {
        var state = DashboardState()
        state.focus = .detail
        let third = ids(state)[2]
        click(&state, x: 30, y: try row(of: String(third.prefix(8)), in: state))
        #expect(state.selectedID == third)
        #expect(state.focus == .list)
        #expect(!state.zoomed)
    }

    @Test func aClickInTheDetailFocusesIt() throws {
        var state = DashboardState()
        let y = try row(of: "in state", in: state)
        click(&state, x: 40, y: y)
        #expect(state.focus == .detail)
        #expect(state.selectedID == nil, "the selection stays")
    }

    @Test func twoQuickClicksOnOneRowZoomIt() throws {
        let second = ids(DashboardState())[1]
        let y = try row(of: String(second.prefix(8)), in: DashboardState())
        var quick = DashboardState()
        click(&quick, x: 5, y: y)
        _ = quick.reduce(.mouse(MouseEvent(.left, .release, column: 5, row: y)), ctx(at: Samples.now + 0.1))
        click(&quick, x: 5, y: y, at: Samples.now + 0.3)
        #expect(quick.zoomed && quick.selectedID == second)

        var slow = DashboardState()
        click(&slow, x: 5, y: y)
        click(&slow, x: 5, y: y, at: Samples.now + 1)
        #expect(!slow.zoomed, "a second apart: two clicks")

        var elsewhere = DashboardState()
        click(&elsewhere, x: 5, y: y)
        click(&elsewhere, x: 5, y: y + 1, at: Samples.now + 0.1)
        #expect(!elsewhere.zoomed, "two rows: two clicks")
    }

    @Test func theWheelScrollsTheListsViewAndTheSelectionFollowsOnlyWhenItWouldLeave() throws {
        var state = DashboardState()
        let rows = ids(state)
        let visible = ctx().listHeight
        #expect(rows.count > visible + 3, "the list is taller than its view")
        let y = try row(of: String(rows[0].prefix(8)), in: state)
        click(&state, .wheelDown, x: 10, y: y)
        #expect(state.listTop == 3)
        #expect(state.selectedID == rows[3], "the top row left the view: the selection moved to the first shown")
        state.selectedID = rows[5]
        click(&state, .wheelDown, x: 10, y: y)
        #expect(state.listTop == rows.count - visible, "stops at the end")
        #expect(state.selectedID == rows[5], "still in view: the selection stays")
        state.selectedID = rows.last
        click(&state, .wheelUp, x: 10, y: y)
        #expect(state.listTop == rows.count - visible - 3)
        #expect(state.selectedID == rows[state.listTop + visible - 1], "the bottom row left the view")
        let top = state.listTop
        state.scrollIntoView(snapshot, visibleRows: visible)
        #expect(state.listTop == top, "the frame keeps the scrolled view")
        #expect(screen(state).lines[2].contains(String(rows[top].prefix(8))), "the first row shown")
        for _ in 0..<5 { click(&state, .wheelUp, x: 10, y: y) }
        #expect(state.listTop == 0, "stops at the top")
    }

    @Test func theWheelOverTheDetailScrollsTheDetailOnly() throws {
        var state = DashboardState()
        let y = try row(of: "in state", in: state)
        click(&state, .wheelDown, x: 40, y: y)
        click(&state, .wheelDown, x: 40, y: y)
        #expect(state.detailScroll == 6)
        #expect(state.listTop == 0 && state.selectedID == nil)
        for _ in 0..<3 { click(&state, .wheelUp, x: 40, y: y) }
        #expect(state.detailScroll == 0)
    }

    @Test(arguments: [("STATE", LumaUI.SortOrder.byState, "↑"), ("IN STATE", .byTimeInState, "↓"), ("AGE", .newestFirst, "↑")])
    func aClickOnAColumnHeaderSortsByItAndAgainTheOtherWay(title: String, sort: LumaUI.SortOrder, arrow: String) throws {
        var t = self
        t.width = 200  // every column shows
        try t.sortsByHeader(title: title, sort: sort, arrow: arrow)
    }

    /// A reversed order lasts until another order is chosen, by `s` or `:sort`.
    @Test func anotherSortStartsTheRightWayRound() throws {
        var state = DashboardState()
        let x = try column(of: "STATE", row: 1, in: state)
        click(&state, x: x, y: 1)
        click(&state, x: x, y: 1)
        #expect(state.sort == .byState && state.sortReversed)
        _ = state.reduce(.char("s"), ctx())
        #expect(state.sort == .byTimeInState && !state.sortReversed)
        click(&state, x: try column(of: "IN STATE", row: 1, in: state), y: 1)
        #expect(state.sortReversed)
        _ = state.reduce(.char(":"), ctx())
        for c in "sort state" { _ = state.reduce(.char(c), ctx()) }
        _ = state.reduce(.enter, ctx())
        #expect(state.sort == .byState && !state.sortReversed)
    }

    func sortsByHeader(title: String, sort: LumaUI.SortOrder, arrow: String) throws {
        var state = DashboardState()
        state.sort = sort == .newestFirst ? .byState : .newestFirst
        let x = try column(of: title, row: 1, in: state)
        click(&state, x: x + 1, y: 1)
        #expect(state.sort == sort && !state.sortReversed)
        #expect(screen(state).lines[1].contains(title + arrow))
        let forward = ids(state)
        click(&state, x: x, y: 1)
        #expect(state.sortReversed)
        #expect(ids(state) == forward.reversed())
        let back = arrow == "↑" ? "↓" : "↑"
        #expect(screen(state).lines[1].contains(title + back), "\(screen(state).lines[1])")
        #expect(screen(state).lines[2].contains(String(forward.last!.prefix(8))), "the list drawn the other way")
        click(&state, x: x, y: 1)
        #expect(!state.sortReversed)
    }

    @Test func aClickOnAHeaderThatSortsNothingDoesNothing() throws {
        var state = DashboardState()
        click(&state, x: try column(of: "ID", row: 1, in: state), y: 1)
        click(&state, x: try column(of: "PROMPT", row: 1, in: state) + 2, y: 1)
        #expect(state == DashboardState())
    }

    @Test func aClickOnAURLChoosesItForOAndY() throws {
        var t = self
        t.height = 40
        try t.choosesURLs()
    }

    func choosesURLs() throws {
        var state = DashboardState()
        state.selectedID = "c0mpleted-0000-4809-a133-10786201bb56"
        click(&state, x: 30, y: try row(of: "thumb.jpg", in: state))
        #expect(state.urlChoice == .thumbnail)
        #expect(screen(state).lines.contains { $0.contains("▸thumbnail") })
        // The download URL wraps: its second line chooses it too.
        let y = try row(of: "video.mp4?", in: state)
        #expect(screen(state).lines[y + 1].contains("dl=1"), "wrapped onto a second line")
        click(&state, x: 20, y: y + 1)
        #expect(state.urlChoice == .download)
        #expect(state.message?.text == "o and y act on the download URL")
        click(&state, x: 30, y: try row(of: "in state", in: state))
        #expect(state.urlChoice == .download, "another line chooses nothing")
    }

    @Test func overlaysTheFormAndTheInputLineTakeNoClicks() throws {
        let y = try row(of: String(ids(DashboardState())[2].prefix(8)), in: DashboardState())
        let overlays: [(inout DashboardState) -> Void] = [{ $0.showHelp = true }, { $0.showLog = true }, { $0.prompt = .filter },
                                                          { $0.prompt = .command() }, { $0.form = GenerationForm() },
                                                          { $0.confirmingDelete = "c0mpleted-0000-4809-a133-10786201bb56" }]
        for open in overlays {
            var state = DashboardState()
            open(&state)
            let before = state
            click(&state, x: 5, y: y)
            click(&state, .right, x: 5, y: y)
            #expect(state == before)
        }
    }

    @Test func theWheelScrollsTheHelpAndTheLog() {
        var help = DashboardState()
        help.showHelp = true
        click(&help, .wheelDown, x: 0, y: 5)
        #expect(help.showHelp && help.helpScroll == 1)
        var log = DashboardState()
        for i in 0..<10 { log.say("message \(i)", now: Samples.now) }
        log.showLog = true
        click(&log, .wheelUp, x: 0, y: 5)
        #expect(log.showLog && log.logScroll == 1)
    }

    @Test func releasesDragsAndPointsOffTheScreenDoNothing() {
        let events = [MouseEvent(.left, .release, column: 5, row: 3), MouseEvent(.left, .drag, column: 5, row: 3),
                      MouseEvent(.left, column: -1, row: -1), MouseEvent(.left, column: .max, row: .max),
                      MouseEvent(.wheelDown, column: .min, row: 3), MouseEvent(.left, column: 5, row: 0),
                      MouseEvent(.left, column: 5, row: height - 1)]
        for event in events {
            var state = DashboardState()
            #expect(state.reduce(.mouse(event), ctx()).isEmpty)
            #expect(state == DashboardState(), "\(event)")
        }
        // A terminal too small to draw the dashboard shows nothing to click.
        var small = self
        small.width = 20
        var state = DashboardState()
        small.click(&state, x: 5, y: 3)
        small.click(&state, .wheelDown, x: 5, y: 3)
        #expect(state == DashboardState())
    }
}
