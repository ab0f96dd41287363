import Foundation
import Testing
@testable import LumaKit
@testable import LumaUI

@Suite struct DashboardSnapshotTests {
    func frame(_ state: DashboardState = DashboardState(), width: Int, height: Int, mode: ColorMode = .indexed256,
               store: GenerationStore = Samples.store(), downloads: [String: DownloadStatus] = [:]) -> Buffer {
        DashboardView.render(Frame(state: state, snapshot: store.snapshot(), width: width, height: height,
                                   now: Samples.now, host: "api.quickrouter.ai", colorMode: mode, timeZone: Samples.utc,
                                   downloads: downloads))
    }

    @Test func downloadsShowInTheRowAndTheDetail() {
        let store = Samples.store()
        store.recordSaved("esc4pe", path: "/home/me/Downloads/lumatop/esc4pe.mp4")
        var state = DashboardState()
        state.selectedID = "c0mpleted-0000-4809-a133-10786201bb56"
        state.urlChoice = .rawVideo
        let running = DownloadStatus(phase: .running, progress: DownloadProgress(received: 12_300_000, total: 27_100_000),
                                     bytesPerSecond: 3_200_000)
        let buffer = frame(state, width: 120, height: 40, store: store,
                           downloads: ["c0mpleted-0000-4809-a133-10786201bb56": running,
                                       "fa1led-xyz": DownloadStatus(phase: .queued(position: 1))])
        assertSnapshot(buffer, named: "dashboard-downloads-120x40")
        let row = buffer.lines.first { $0.contains("c0mplete") && $0.contains("✔") } ?? ""
        #expect(row.contains("45%"), "\(row)")
        #expect(buffer.text.contains("45% 12.3/27.1 MB 3.20 MB/s 5s left"), "the detail has every figure")
        #expect(buffer.text.contains("▸raw video"))
        #expect(buffer.lines.contains { $0.contains("✔ completed  ↓ esc4pe") }, "saved ones are marked")
    }

    @Test func aSavedFileGoneFromTheDiskIsSaidSoInTheDetail() {
        let store = Samples.store()
        let path = "/v/e.mp4"  // short: the value wraps at the pane's width
        store.recordSaved("esc4pe", path: path)
        var state = DashboardState()
        state.selectedID = "esc4pe"
        var f = Frame(state: state, snapshot: store.snapshot(), width: 120, height: 40, now: Samples.now,
                      host: "api.quickrouter.ai", timeZone: Samples.utc)
        let there = DashboardView.render(f)
        #expect(there.text.contains("saved       \(path)") && !there.text.contains("(gone"))
        f.savedFilesMissing = ["esc4pe"]
        let gone = DashboardView.render(f)
        #expect(gone.text.contains("saved       \(path) (gone: d fetches it"), "\(gone.text)")
    }

    @Test(arguments: [(80, 24), (120, 40), (40, 12)])
    func wholeDashboard(width: Int, height: Int) {
        assertSnapshot(frame(width: width, height: height), named: "dashboard-\(width)x\(height)")
    }

    @Test func selectionOnTheEscapedPrompt() {
        var state = DashboardState()
        state.selectedID = "esc4pe"
        let buffer = frame(state, width: 120, height: 40)
        assertSnapshot(buffer, named: "dashboard-escapes-120x40")
        for line in buffer.lines { #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }) }
        #expect(buffer.text.contains("evil prompt with tabs"))
    }

    @Test func noColorShowsPaletteAsHex() {
        var state = DashboardState()
        state.selectedID = "c0mpleted-0000-4809-a133-10786201bb56"
        let buffer = frame(state, width: 120, height: 40, mode: .none)
        assertSnapshot(buffer, named: "dashboard-nocolor-120x40")
        #expect(buffer.text.contains(Samples.palette(3)[0, 0].hex))
    }

    @Test func emptyList() {
        assertSnapshot(frame(width: 80, height: 24, store: GenerationStore()), named: "dashboard-empty-80x24")
    }

    @Test func filterAndItsPrompt() {
        var state = DashboardState()
        state.filter = "fail"
        let buffer = frame(state, width: 80, height: 24)
        assertSnapshot(buffer, named: "dashboard-filter-80x24")
        let listRows = buffer.lines[2..<12]
        #expect(listRows.filter { $0.contains("fa1led") }.count == 1)
        #expect(listRows.filter { $0.contains("✖") }.count == 1)
        #expect(!buffer.text.contains("pr0cessi"))
    }

    @Test func helpOverlayListsTheKeymap() {
        var state = DashboardState()
        state.showHelp = true
        let buffer = frame(state, width: 80, height: 39)
        assertSnapshot(buffer, named: "dashboard-help-80x39")
        for b in Keymap.default.bindings { #expect(buffer.text.contains(b.help), "help lacks \(b.help)") }
        #expect(buffer.text.contains("keys (any key closes)"))
    }

    @Test func helpOnAShortTerminalSaysWhatShowsAndScrollsToTheRest() {
        var state = DashboardState()
        state.showHelp = true
        let lines = HelpOverlay.visibleLines(screenHeight: 24)
        let count = Keymap.default.bindings.count
        #expect(lines == 17 && count > lines)
        let top = frame(state, width: 80, height: 24)
        assertSnapshot(top, named: "dashboard-help-80x24")
        #expect(top.text.contains("keys 1–\(lines) of \(count) (↑↓ scroll, other keys close)"))
        #expect(top.text.contains(Keymap.default.bindings[lines - 1].help) && !top.text.contains(Keymap.default.bindings[lines].help))
        state.helpScroll = count - lines
        let end = frame(state, width: 80, height: 24)
        #expect(end.text.contains("keys \(count - lines + 1)–\(count) of \(count)"))
        #expect(end.text.contains(Keymap.default.bindings[count - 1].help) && !end.text.contains(Keymap.default.bindings[count - lines - 1].help))
        state.helpScroll = 99  // a screen made taller since: clamped, never blank
        #expect(frame(state, width: 80, height: 24).text == end.text)
    }

    @Test(arguments: [(39, 12), (80, 11), (10, 3)])
    func terminalTooSmall(width: Int, height: Int) {
        let buffer = frame(width: width, height: height)
        if width >= 30 { #expect(buffer.text.contains("terminal too small (\(width)×\(height))")) }
        #expect(!buffer.text.contains("STATE"))
    }

    @Test func tooSmallSnapshot() {
        assertSnapshot(frame(width: 39, height: 11), named: "too-small-39x11")
    }

    @Test func zoomedDetail() {
        var state = DashboardState()
        state.zoomed = true
        state.selectedID = "l0ng-prompt"
        assertSnapshot(frame(state, width: 80, height: 24), named: "dashboard-zoomed-80x24")
    }

    @Test func bannersWhilePollingIsHeld() {
        let store = Samples.store()
        store.updateStatus { $0.authFailure = .unauthorized(status: 401) }
        #expect(frame(width: 80, height: 24, store: store).lines.last!.contains("API key rejected: set QUICKROUTER_API_KEY, r to retry"))
        store.updateStatus { $0.authFailure = nil; $0.rateLimitedUntil = Samples.now + 12 }
        #expect(frame(width: 80, height: 24, store: store).lines.last!.contains("rate limited, resuming in 12s"))
    }

    @Test func everyStateWordShows() {
        let text = frame(width: 120, height: 40).text
        for word in ["completed", "processing", "pending", "failed", "dreaming", "not found", "retrying"] {
            #expect(text.contains(word), "\(word) missing")
        }
    }
}

@Suite struct WidgetTests {
    let theme = Theme.default

    @Test func columnsDropFromTheRightButStateSavedMarkAndIDStay() {
        for width in stride(from: 24, through: 140, by: 4) {
            let columns = GenerationTable.layout(width: width).columns.map(\.title)
            #expect(Array(columns.prefix(3)) == ["STATE", " ", "ID"])
        }
        #expect(GenerationTable.layout(width: 120).columns.map(\.title) == ["STATE", " ", "ID", "RES", "DUR", "ASPECT", "AGE", "IN STATE"])
        #expect(GenerationTable.layout(width: 50).columns.map(\.title) == ["STATE", " ", "ID", "RES", "DUR"])
        #expect(GenerationTable.layout(width: 40).columns.map(\.title) == ["STATE", " ", "ID"])
        #expect(GenerationTable.layout(width: 30).columns.map(\.title) == ["STATE", " ", "ID"])
    }

    @Test func tableRowsAtNarrowWidths() {
        let rows = DashboardState().rows(Samples.store().snapshot())
        for width in [40, 60, 80] {
            var buffer = Buffer(width: width, height: 12)
            GenerationTable.draw(rows, selected: rows[2].id, top: 0, focused: true, in: buffer.bounds, into: &buffer,
                                 theme: theme, now: Samples.now)
            assertSnapshot(buffer, named: "table-\(width)")
        }
    }

    @Test func paletteCellsAreTwoColumnsInTheirOwnColours() {
        var buffer = Buffer(width: 12, height: 5)
        let palette = Samples.palette(7)
        PaletteSwatch.draw(palette, at: 1, y: 0, into: &buffer, theme: theme, mode: .indexed256)
        for row in 0..<5 {
            for col in 0..<5 {
                let c = palette[row, col]
                #expect(buffer[1 + col * 2, row].style.background == .rgb(c.r, c.g, c.b))
                #expect(buffer[2 + col * 2, row].style.background == .rgb(c.r, c.g, c.b))
            }
        }
        #expect(buffer[0, 0].style == .plain && buffer[11, 0].style == .plain)
    }

    @Test func nullPaletteSaysSo() {
        var buffer = Buffer(width: 20, height: 5)
        PaletteSwatch.draw(nil, at: 0, y: 0, into: &buffer, theme: theme, mode: .indexed256)
        #expect(buffer.lines[0].hasPrefix("no palette"))
    }

    @Test func detailPaneOfEachGeneration() {
        let snapshot = Samples.store().snapshot()
        for g in snapshot.generations {
            var buffer = Buffer(width: 60, height: 26)
            DetailPane.draw(g, scroll: 0, in: buffer.bounds, into: &buffer, theme: theme, mode: .indexed256,
                            now: Samples.now, timeZone: Samples.utc)
            assertSnapshot(buffer, named: "detail-\(g.id)")
            #expect(buffer.lines[0].contains(g.id))
        }
    }

    @Test func detailScrolls() {
        let g = Samples.store().snapshot()["c0mpleted-0000-4809-a133-10786201bb56"]!
        var top = Buffer(width: 60, height: 10), scrolled = Buffer(width: 60, height: 10)
        DetailPane.draw(g, scroll: 0, in: top.bounds, into: &top, theme: theme, mode: .indexed256, now: Samples.now, timeZone: Samples.utc)
        DetailPane.draw(g, scroll: 3, in: scrolled.bounds, into: &scrolled, theme: theme, mode: .indexed256, now: Samples.now, timeZone: Samples.utc)
        #expect(scrolled.lines[0] == top.lines[3])
    }

    @Test func statusBarShowsInputAndMessages() {
        var state = DashboardState()
        state.prompt = .addIDs
        state.input = InputLine(text: "abc, def")
        var buffer = Buffer(width: 40, height: 1)
        StatusBar.draw(state, Samples.store().snapshot(), now: Samples.now, in: buffer.bounds, into: &buffer, theme: theme)
        #expect(buffer.lines[0].hasPrefix("add task ids: abc, def"))
        state.prompt = nil
        state.notify("saved \u{1B}[31m", isError: false, now: Samples.now)
        buffer = Buffer(width: 40, height: 1)
        StatusBar.draw(state, Samples.store().snapshot(), now: Samples.now + 1, in: buffer.bounds, into: &buffer, theme: theme)
        #expect(buffer.lines[0].hasPrefix(" saved "))
        buffer = Buffer(width: 40, height: 1)
        StatusBar.draw(state, Samples.store().snapshot(), now: Samples.now + 3.5, in: buffer.bounds, into: &buffer, theme: theme)
        #expect(buffer.lines[0].hasPrefix(" ↑↓ move"), "messages last 3 seconds")
    }
}

@Suite struct LayoutInvariantTests {
    /// At every size: rows are exactly as wide as the screen, every wide character has its right
    /// half, and the rule between the panes is never overdrawn.
    @Test func nothingOverdrawsAtAnySize() {
        let snapshot = Samples.store().snapshot()
        for selected in [nil, "pr0cessing-cjk", "pend1ng-emoji", "esc4pe"] as [String?] {
            var state = DashboardState()
            state.selectedID = selected
            for width in stride(from: 36, through: 150, by: 3) {
                for height in [10, 12, 17, 24, 40] {
                    let b = DashboardView.render(Frame(state: state, snapshot: snapshot, width: width, height: height,
                                                       now: Samples.now, host: "api.quickrouter.ai", timeZone: Samples.utc))
                    for y in 0..<height {
                        #expect(TextWidth.of(b.lines[y]) == width, "row \(y) at \(width)×\(height)")
                        for x in 0..<width where b[x, y].isContinuation {
                            #expect(x > 0 && TextWidth.of(b[x - 1, y].text) == 2, "stray half at \(x),\(y) \(width)×\(height)")
                        }
                    }
                    if width >= DashboardView.sideBySideWidth, height >= DashboardView.minimumHeight,
                       let list = DashboardView.layout(width: width, height: height, zoomed: false).list {
                        for y in list.y..<list.maxY { #expect(b[list.maxX, y].text == "│", "rule at \(width)×\(height) row \(y)") }
                    }
                }
            }
        }
    }
}
