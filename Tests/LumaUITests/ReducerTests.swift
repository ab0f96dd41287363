import Foundation
import Testing
@testable import LumaKit
@testable import LumaUI

@Suite struct ReducerTests {
    let snapshot = Samples.store().snapshot()
    var ctx: KeyContext { KeyContext(snapshot: snapshot, now: Samples.now, listHeight: 3) }
    var rows: [String] { DashboardState().rows(snapshot).map(\.id) }

    func press(_ keys: [Key], from start: DashboardState = DashboardState()) -> (DashboardState, [Effect]) {
        var state = start
        var effects: [Effect] = []
        for k in keys { effects += state.reduce(k, ctx) }
        return (state, effects)
    }

    func type(_ text: String) -> [Key] { text.map { .char($0) } }

    @Test func movingWithArrowsAndVimKeys() {
        #expect(press([.down]).0.selectedID == rows[1])
        #expect(press([.char("j"), .char("j")]).0.selectedID == rows[2])
        #expect(press([.char("j"), .char("j"), .char("k")]).0.selectedID == rows[1])
        #expect(press([.up]).0.selectedID == rows[0], "stops at the top")
        #expect(press([.char("G")]).0.selectedID == rows.last)
        #expect(press([.end, .char("g")]).0.selectedID == rows[0])
        #expect(press([.end, .home]).0.selectedID == rows[0])
        #expect(press([.end, .down]).0.selectedID == rows.last, "stops at the bottom")
        #expect(press([.pageDown]).0.selectedID == rows[3])
        #expect(press([.pageDown, .pageDown, .pageUp]).0.selectedID == rows[3])
    }

    @Test func enterZoomsAndEscUnzooms() {
        #expect(press([.enter]).0.zoomed)
        #expect(!press([.enter, .enter]).0.zoomed)
        #expect(!press([.enter, .escape]).0.zoomed)
    }

    @Test func tabFocusesTheDetailWhichThenScrolls() {
        let (state, _) = press([.tab, .down, .char("j"), .pageDown])
        #expect(state.focus == .detail)
        #expect(state.detailScroll == 5)
        #expect(state.selectedID == nil, "the list selection did not move")
        #expect(press([.tab, .down, .char("g")]).0.detailScroll == 0)
        #expect(press([.tab, .tab]).0.focus == .list)
        #expect(press([.backTab]).0.focus == .detail)
    }

    @Test func addingIDs() {
        let (state, effects) = press([.char("a")] + type("abc-1, def_2 abc-1") + [.enter])
        #expect(effects == [.track(["abc-1", "def_2"])])
        #expect(state.prompt == nil)
        #expect(state.selectedID == "abc-1")
        #expect(press([.char("a")] + type("xy") + [.escape]).1.isEmpty)
        #expect(press([.char("a"), .enter]).0.prompt == nil)
    }

    @Test func invalidIDIsRefusedWithReasonAndKept() {
        let (state, effects) = press([.char("a")] + type("good, ../etc") + [.enter])
        #expect(effects.isEmpty)
        #expect(state.activeMessage(at: Samples.now)?.isError == true)
        #expect(state.activeMessage(at: Samples.now)?.text.contains("invalid task id \"../etc\"") == true)
        let (again, _) = press([.char("a")], from: state)
        #expect(again.prompt == .addIDs && again.input.text == "good, ../etc")
    }

    @Test func inputLineEdits() {
        let (state, _) = press([.char("a")] + type("abd") + [.left, .char("c"), .end, .backspace, .home, .delete])
        #expect(state.input.text == "bc")
    }

    @Test func untrackAsksFirst() {
        let (asking, none) = press([.char("j"), .char("x")])
        #expect(none.isEmpty && asking.prompt == .confirmUntrack(rows[1]))
        let (done, effects) = press([.char("y")], from: asking)
        #expect(effects == [.untrack(rows[1])])
        #expect(done.selectedID == rows[2], "the cursor moves to the next row")
        let (kept, nothing) = press([.char("n")], from: asking)
        #expect(nothing.isEmpty && kept.prompt == nil)
    }

    @Test func refreshOneAndAll() {
        #expect(press([.char("r")]).1 == [.refresh(rows[0])])
        #expect(press([.char("R")]).1 == [.refreshAll])
    }

    @Test func refreshResumesAfterAKeyError() {
        let store = Samples.store()
        store.updateStatus { $0.authFailure = .unauthorized(status: 401) }
        var state = DashboardState()
        let ctx = KeyContext(snapshot: store.snapshot(), now: Samples.now, listHeight: 3)
        #expect(state.reduce(.char("r"), ctx) == [.resumePolling])
    }

    /// One of the account's recent generations is shown, not tracked: `x` says so and asks nothing.
    @Test func untrackOfARecentOneSaysItIsNotTracked() {
        let store = GenerationStore(now: { Samples.now })
        store.insert([TrackedGeneration(id: "r3cent-0001", firstSeen: Samples.now, isRecent: true)])
        var state = DashboardState()
        let ctx = KeyContext(snapshot: store.snapshot(), now: Samples.now, listHeight: 3)
        #expect(state.reduce(.char("x"), ctx) == [])
        #expect(state.prompt == nil)
        #expect(state.message?.text == "r3cent-0 is not tracked: it is in the account's list")
    }

    @Test func filterTypesLiveAndEscClears() {
        let (typing, _) = press([.char("/")] + type("fail"))
        #expect(typing.filter == "fail" && typing.prompt == .filter)
        #expect(typing.rows(snapshot).map(\.id) == ["fa1led-xyz"])
        let (kept, _) = press([.enter], from: typing)
        #expect(kept.filter == "fail" && kept.prompt == nil)
        #expect(press([.escape], from: kept).0.filter == "")
        #expect(press([.escape], from: typing).0.filter == "")
        // By prompt text and by a piece of id.
        var s = DashboardState()
        s.filter = "海边"
        #expect(s.rows(snapshot).map(\.id) == ["pr0cessing-cjk"])
        s.filter = "M1SS"
        #expect(s.rows(snapshot).map(\.id) == ["m1ssing-id"])
    }

    @Test func sortCycles() {
        let (once, _) = press([.char("s")])
        #expect(once.sort == .byState)
        #expect(once.rows(snapshot).first?.condition == .state(.processing))
        #expect(once.rows(snapshot).last?.state == .completed)
        #expect(press([.char("s"), .char("s")]).0.sort == .byTimeInState)
        #expect(press([.char("s"), .char("s"), .char("s")]).0.sort == .newestFirst)
    }

    @Test func helpOpensAndAnyKeyCloses() {
        let (open, _) = press([.char("?")])
        #expect(open.showHelp)
        let (closed, effects) = press([.char("q")], from: open)
        #expect(!closed.showHelp && effects.isEmpty, "the key that closes help does nothing else")
    }

    @Test func helpTallerThanTheScreenScrollsAndOtherKeysClose() {
        let count = Keymap.default.bindings.count
        var state = DashboardState()
        state.showHelp = true
        let short = KeyContext(snapshot: snapshot, now: Samples.now, listHeight: 3, helpLines: 10)
        #expect(state.reduce(.char("j"), short).isEmpty)
        #expect(state.showHelp && state.helpScroll == 1)
        _ = state.reduce(.pageDown, short)
        #expect(state.helpScroll == 11)
        for _ in 0..<40 { _ = state.reduce(.down, short) }
        #expect(state.helpScroll == count - 10, "stops with the last key on the last line")
        _ = state.reduce(.up, short)
        #expect(state.helpScroll == count - 11, "one up from the end moves at once")
        _ = state.reduce(.pageUp, short)
        _ = state.reduce(.pageUp, short)
        _ = state.reduce(.pageUp, short)
        #expect(state.helpScroll == 0)
        _ = state.reduce(.char("j"), short)
        let effects = state.reduce(.char("q"), short)
        #expect(!state.showHelp && state.helpScroll == 0 && effects.isEmpty, "q closes help and does not quit")

        // When every key fits, j is just another key that closes help.
        state.showHelp = true
        _ = state.reduce(.char("j"), ctx)
        #expect(!state.showHelp)
    }

    @Test func quitKeys() {
        #expect(press([.char("q")]).1 == [.quit])
        #expect(press([.ctrl("c")]).1 == [.quit])
        #expect(press([.char("a"), .ctrl("c")]).1 == [.quit], "Ctrl-C quits even from a prompt")
        #expect(press([.char("a"), .char("q")]).1.isEmpty, "q is text in a prompt")
    }

    @Test func tCyclesTheTheme() {
        #expect(press([.char("t")]).1 == [.nextTheme])
    }

    @Test func aStickyMessageStaysUntilAKey() {
        var state = DashboardState()
        state.notify("theme broken.theme:3: error", isError: true, now: Samples.now, untilKey: true)
        #expect(state.activeMessage(at: Samples.now + 3600)?.text.contains("broken") == true)
        _ = state.reduce(.char("j"), ctx)
        #expect(state.activeMessage(at: Samples.now) == nil)
    }

    @Test func everyBindingDoesSomething() {
        for binding in Keymap.default.bindings {
            for key in binding.keys {
                #expect(Keymap.default.command(for: key) == binding.command)
            }
        }
        #expect(Keymap.default.command(for: .char("Z")) == nil)
        #expect(press([.char("Z")]) == (DashboardState(), []))
    }

    @Test func scrollKeepsSelectionVisible() {
        var state = DashboardState()
        state.selectedID = rows[7]
        state.scrollIntoView(snapshot, visibleRows: 3)
        #expect(state.listTop == 5)
        state.selectedID = rows[1]
        state.scrollIntoView(snapshot, visibleRows: 3)
        #expect(state.listTop == 1)
    }

    @Test func ticksOnlyWhileSomethingMoves() {
        let state = DashboardState()
        #expect(state.needsTicks(snapshot, now: Samples.now))
        let store = GenerationStore()
        store.track(["a"])
        store.apply("a", .success(Generation(id: "a", state: .completed)), at: Samples.now, nextPollAt: nil)
        #expect(!state.needsTicks(store.snapshot(), now: Samples.now))
        var talking = state
        talking.notify("hi", isError: false, now: Samples.now)
        #expect(talking.needsTicks(store.snapshot(), now: Samples.now + 1))
        #expect(!talking.needsTicks(store.snapshot(), now: Samples.now + 4))
    }
}

extension Effect: CustomTestStringConvertible {
    public var testDescription: String { "\(self)" }
}

func == (a: (DashboardState, [Effect]), b: (DashboardState, [Effect])) -> Bool { a.0 == b.0 && a.1 == b.1 }
