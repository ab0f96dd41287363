import Foundation
import Testing
@testable import LumaKit
@testable import LumaRuntime
@testable import LumaUI

/// Every key of the keymap, in-process: key → reduce → effect carried out → frame on the screen.
@Suite struct KeymapTests {
    static let everyKey: [Key] = Keymap.default.bindings.flatMap(\.keys)

    /// What each command is seen to do, from the screen, the store, the terminal or the queue.
    /// A command added to the keymap fails to compile here until it has a test.
    @Test(arguments: everyKey)
    func everyKeyDoesWhatTheHelpSays(key: Key) async throws {
        let command = try #require(Keymap.default.command(for: key))
        let d = Dashboard()
        let c = Dashboard.completed, p = Dashboard.processing, f = Dashboard.failed
        #expect(d.ids == [c, p, f], "newest first")
        switch command {
        case .moveDown:
            d.press(key)
            #expect(d.state.selectedID == p)
            #expect(d.screen.contains("\(p)"), "the detail shows the new selection")
        case .moveUp:
            d.press(.down, .down, key)
            #expect(d.state.selectedID == p)
        case .first:
            d.press(.down, key)
            #expect(d.state.selectedID == c)
        case .last:
            d.press(key)
            #expect(d.state.selectedID == f)
        case .pageDown:
            d.press(key)
            #expect(d.state.selectedID == f, "a page is more than three rows")
        case .pageUp:
            d.press(.end, key)
            #expect(d.state.selectedID == c)
        case .zoom:
            d.press(key)
            #expect(d.state.zoomed)
            #expect(!d.screen.contains(String(f.prefix(8))), "the zoomed detail hides the list")
            d.press(.escape)
            #expect(!d.state.zoomed)
        case .switchFocus:
            d.press(key)
            #expect(d.state.focus == .detail)
            #expect(d.screen.contains("detail (Tab: list)"))
        case .add:
            d.press(key)
            #expect(d.state.prompt == .addIDs)
            let id = "9e4a07c2-7641-4809-a133-10786201bb56"
            d.type(id)
            d.press(.enter)
            #expect(d.engine.store.snapshot()[id] != nil, "tracked")
            #expect(d.screen.contains("tracking 9e4a07c2"))
            // The short id the list shows names the tracked one, not a new id.
            d.press(.char("g"), key)
            d.type("c0mple")
            d.press(.enter)
            #expect(d.screen.contains("already tracked: c0mplete"))
            #expect(d.state.selectedID == c && d.engine.store.snapshot()["c0mple"] == nil)
        case .untrack:
            d.press(key)
            #expect(d.screen.contains("untrack"))
            d.press(.char("y"))
            #expect(d.engine.store.snapshot()[c] == nil)
            #expect(d.state.selectedID == p, "the cursor stays in place")
        case .refresh:
            #expect(d.engine.store.snapshot()[c]?.nextPollAt == nil, "finished: not polled again")
            d.press(key)
            #expect(d.screen.contains("refreshing \(c.prefix(8))"))
            #expect(d.engine.store.snapshot()[c]?.nextPollAt != nil, "asked for now")
            #expect(d.engine.store.snapshot()[p]?.nextPollAt == nil, "only the selected one")
        case .refreshAll:
            d.press(key)
            #expect(d.screen.contains("refreshing all 3"))
            #expect(d.engine.store.snapshot().generations.allSatisfy { $0.nextPollAt != nil })
        case .filter:
            d.press(key)
            d.type("fail")
            #expect(d.ids == [f])
            d.press(.enter)
            #expect(d.state.prompt == nil && d.state.filter == "fail")
        case .clearFilter:
            d.press(.char("/"))
            d.type("fail")
            d.press(.enter, key)
            #expect(d.ids == [c, p, f])
        case .cycleSort:
            d.press(key)
            #expect(d.screen.contains("sorted by state"))
            #expect(d.ids == [p, f, c], "work in progress first")
        case .help:
            d.press(key)
            #expect(d.screen.contains("this help"))
            d.press(.char("x"))
            #expect(!d.state.showHelp, "any other key closes it")
        case .quit:
            if key == .char("q") {
                d.press(.enter)
                d.press(key)
                #expect(d.running && !d.state.zoomed, "q closes the zoomed view first")
            }
            d.press(key)
            #expect(!d.running)
        case .cycleTheme:
            d.press(key)
            #expect(d.screen.contains("theme: default"))
        case .download:
            d.press(key)
            #expect(d.screen.contains("downloading \(c.prefix(8))"))
            #expect(d.runtime.services.downloads.snapshot()[c] != nil || d.screen.contains("failed"), "queued")
        case .downloadAll:
            d.press(key)
            #expect(d.screen.contains("queued 1 download"))
        case .cancelDownload:
            d.press(key)
            #expect(d.screen.contains("no download of \(c.prefix(8)) to cancel"))
        case .open:
            d.press(key)
            // No BROWSER and no xdg-open here, or one that fails: either way the URL is shown.
            #expect(d.screen.contains("opening the video URL"))
        case .copy:
            d.press(key)
            #expect(d.screen.contains("copied the video URL"))
            let url = "http://127.0.0.1:1/\(c).mp4"
            #expect(d.terminal.emitted == [TerminalSequence.copyBytes(url, inTmux: false)])
        case .nextURL:
            d.press(key)
            #expect(d.screen.contains("o and y act on the download URL"))
        case .previousURL:
            d.press(key)
            #expect(d.screen.contains("o and y act on the thumbnail URL"), "back from video wraps to the last there is")
        case .showLog:
            // Messages vanish from the bottom bar, not from the log; any other key closes it.
            d.press(.char("s"), .char("s"))
            d.press(key)
            #expect(d.screen.contains("log: 1–2 of 2"))
            #expect(d.screen.contains("sorted by state") && d.screen.contains("sorted by time in state"))
            d.press(.char("x"))
            #expect(!d.state.showLog && d.state.prompt == nil, "the closing key does nothing else")
        case .cyclePreview:
            // Previews are off here: the palette is the start, then the thumbnail says so.
            #expect(d.screen.contains("palette  · p: thumbnail"))
            d.press(key)
            #expect(d.screen.contains("preview: thumbnail"))
            #expect(d.screen.contains("previews are off"))
            d.press(key, key)
            #expect(d.screen.contains("palette  · p: thumbnail"), "three presses come back")
        case .newGeneration:
            d.press(key)
            #expect(d.state.form?.kind == .create)
            #expect(d.screen.contains("new generation"))
            d.press(.char("q"))
            #expect(d.running && d.state.form?.prompt.text == "q", "the form's keys are its own")
        case .extend:
            d.press(key)
            #expect(d.state.form?.kind == .extend(parentID: c))
            #expect(d.screen.contains("extend \(c)"))
        case .again:
            d.press(key)
            #expect(d.state.form?.prompt.text == "prompt of c0mp")
            #expect(d.screen.contains("prompt of c0mp"))
        case .commandLine:
            d.press(key)
            #expect(d.state.prompt == .command())
            d.type("sort state")
            #expect(d.screen.contains(":sort state"), "the line shows in the bottom bar")
            d.press(.enter)
            #expect(d.screen.contains("sorted by state"))
            #expect(d.ids == [p, f, c], "work in progress first")
        case .delete:
            // The relay cannot delete: said, nothing asked (DeleteTests deletes on the official API).
            d.press(key)
            #expect(d.state.confirmingDelete == nil)
            #expect(d.screen.contains("this provider cannot delete generations"))
            #expect(d.ids == [c, p, f])
        }
        #expect(d.terminal.screen == d.terminal.frames.last, "what the terminal shows is the last frame")
    }
}
