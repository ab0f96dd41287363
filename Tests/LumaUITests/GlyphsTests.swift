import Foundation
import Testing
@testable import LumaKit
@testable import LumaUI

/// With a locale that is not UTF-8 the dashboard draws in ASCII alone, and says the same things.
@Suite struct GlyphsTests {
    func render(_ state: DashboardState, width: Int, height: Int, glyphs: Glyphs) -> Buffer {
        var f = Frame(state: state, snapshot: Samples.store().snapshot(), width: width, height: height,
                      now: Samples.now, host: "api.quickrouter.ai", timeZone: Samples.utc)
        f.glyphs = glyphs
        return DashboardView.render(f)
    }

    static func states() -> [(String, DashboardState)] {
        var selected = DashboardState()
        selected.selectedID = "c0mpleted-0000-4809-a133-10786201bb56"
        var help = DashboardState()
        help.showHelp = true
        var zoomed = selected
        zoomed.zoomed = true
        var log = DashboardState()
        log.log = [LogEntry(at: Samples.now, text: "saved c0mplete → /tmp/ä.mp4", isError: false)]
        log.showLog = true
        return [("list", DashboardState()), ("selected", selected), ("help", help), ("zoomed", zoomed), ("log", log)]
    }

    @Test func asciiFramesHoldNoOtherCharacter() {
        for (name, state) in Self.states() {
            for (w, h) in [(120, 40), (80, 24), (40, 12)] {
                let unicode = render(state, width: w, height: h, glyphs: .unicode)
                let ascii = render(state, width: w, height: h, glyphs: .ascii)
                #expect(unicode.text.unicodeScalars.contains { !$0.isASCII }, "\(name) \(w)x\(h): the test sees Unicode to replace")
                let strays = ascii.text.unicodeScalars.filter { !$0.isASCII }
                #expect(strays.isEmpty, "\(name) \(w)x\(h): \(String(String.UnicodeScalarView(strays)))")
                #expect(!ascii.cells.contains { $0.isContinuation }, "\(name): a wide character's half is left")
            }
        }
    }

    @Test func iconsAndLinesKeepTheirPlaceAndMeaning() throws {
        var state = DashboardState()
        state.selectedID = "c0mpleted-0000-4809-a133-10786201bb56"
        let unicode = render(state, width: 120, height: 40, glyphs: .unicode)
        let ascii = render(state, width: 120, height: 40, glyphs: .ascii)
        #expect(unicode.lines.count == ascii.lines.count)
        let row = try #require(unicode.lines.firstIndex { $0.hasPrefix("✔") }, "a completed row")
        #expect(ascii.lines[row].hasPrefix("+ completed"), "\(ascii.lines[row])")
        #expect(ascii.text.contains(" lumatop | "), "the title's separators")
        let states = Set(["○", "◐", "✔", "✖", "∅", "↻"].map(Glyphs.ascii))
        #expect(states.count == 6, "each state icon has its own stand-in")
        #expect(!states.contains("?"), "? is the unknown state's icon")
    }

    @Test func theLocaleDecides() {
        #expect(Glyphs.forCodeset("UTF-8") == .unicode)
        #expect(Glyphs.forCodeset("utf8") == .unicode)
        #expect(Glyphs.forCodeset("ANSI_X3.4-1968") == .ascii, "LANG=C")
        #expect(Glyphs.forCodeset("ISO-8859-1") == .ascii)
    }

    @Test func wideCharactersBecomeOneMarkAndABlank() {
        var buffer = Buffer(width: 6, height: 1)
        buffer.put("a界b", x: 0, y: 0, style: .plain)
        buffer.makeASCII()
        #expect(buffer.lines == ["a? b  "])
    }
}
