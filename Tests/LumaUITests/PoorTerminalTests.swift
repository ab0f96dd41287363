import Foundation
import Testing
@testable import LumaKit
@testable import LumaUI

/// Eight colours, the selection bar and pastes: decided here, as data.
@Suite struct PoorTerminalTests {
    static let themeNames = ["default", "dark", "light", "mono", "high-contrast", "solarized-dark", "gruvbox"]

    func theme(_ name: String) -> Theme {
        ThemeCatalog(shipped: shippedThemes, user: URL(fileURLWithPath: "/nonexistent")).load(name).theme
    }

    @Test(arguments: themeNames)
    func onEightColoursNoRoleIsBlackOnTheDefaultBackground(name: String) {
        let t = theme(name).adapted(to: .ansi16)
        for role in Role.allCases {
            let pair = TerminalColor.pair(t[role], mode: .ansi16, colors: 8)
            #expect(!(pair.foreground == 0 && pair.background == -1), "\(name) \(role)")
            #expect(pair.foreground == -1 || pair.foreground != pair.background, "\(name) \(role) text in its background's colour")
            #expect((-1...7).contains(pair.foreground) && (-1...7).contains(pair.background), "\(name) \(role): \(pair)")
        }
    }

    @Test func brightColoursFallBackToTheirTwinInBoldAndGreyToTheTerminalsOwn() {
        for i in UInt8(9)...15 {
            let pair = TerminalColor.pair(Style(foreground: .indexed(i)), mode: .ansi16, colors: 8)
            #expect(pair == .init(foreground: Int32(i) - 8, background: -1, bold: true))
        }
        #expect(TerminalColor.pair(Style(foreground: .indexed(8)), mode: .ansi16, colors: 8).foreground == -1)
        #expect(TerminalColor.pair(Style(foreground: .indexed(0)), mode: .ansi16, colors: 16).foreground == -1)
        // With sixteen colours the bright ones stay as they are.
        #expect(TerminalColor.pair(Style(foreground: .indexed(12)), mode: .ansi16, colors: 16)
                == .init(foreground: 12, background: -1, bold: false))
        // A chosen background keeps black text legible on it.
        #expect(TerminalColor.pair(Style(foreground: .indexed(0), background: .indexed(3)), mode: .ansi16, colors: 8)
                == .init(foreground: 0, background: 3, bold: false))
    }

    @Test(arguments: themeNames)
    func theSelectedRowIsOneEvenStyle(name: String) {
        for mode in [ColorMode.indexed256, .ansi16, .none] {
            let t = theme(name).adapted(to: mode)
            var state = DashboardState()
            let snapshot = Samples.store().snapshot()
            state.selectedID = state.rows(snapshot)[1].id
            let buffer = DashboardView.render(Frame(state: state, snapshot: snapshot, width: 120, height: 40, now: Samples.now,
                                                    host: "h", theme: t, colorMode: mode, timeZone: Samples.utc))
            let y = buffer.lines.firstIndex { $0.contains(String(state.selectedID!.prefix(8))) }!
            let listWidth = buffer.lines[y].firstIndex(of: "│").map { buffer.lines[y].distance(from: buffer.lines[y].startIndex, to: $0) } ?? 60
            let looks = Set((0..<listWidth).map { x -> [Color] in
                let s = buffer[x, y].style
                return s.reverse ? [s.background, s.foreground, .indexed(1)] : [s.background]
            })
            #expect(looks.count == 1, "\(name) at \(mode): \(looks)")
        }
    }

    @Test func aPasteGoesIntoTheOpenLineAndIsNeverAKey() {
        let snapshot = Samples.store().snapshot()
        let ctx = KeyContext(snapshot: snapshot, now: Samples.now, listHeight: 3)
        var state = DashboardState()
        let first = state.rows(snapshot)[0].id
        // Nothing open: a paste holding command keys does nothing at all.
        #expect(state.reduce(.paste("x\ny\rq\nG"), ctx).isEmpty)
        #expect(state == DashboardState())
        // In `a`, newlines separate ids; control characters never reach the line.
        _ = state.reduce(.char("a"), ctx)
        _ = state.reduce(.paste("id-one\nid-two\r\n\u{1B}[31mid-three\t"), ctx)
        #expect(state.prompt == .addIDs)
        #expect(state.reduce(.enter, ctx) == [.track(["id-one", "id-two", "id-three"])])
        // A question is not answered by a paste.
        state = DashboardState()
        state.selectedID = first
        _ = state.reduce(.char("x"), ctx)
        #expect(state.reduce(.paste("y"), ctx).isEmpty)
        #expect(state.prompt == .confirmUntrack(first))
        // The filter takes it as one line.
        state = DashboardState()
        _ = state.reduce(.char("/"), ctx)
        _ = state.reduce(.paste("cat\ndance"), ctx)
        #expect(state.filter == "cat dance")
    }
}
