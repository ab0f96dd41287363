import Testing
@testable import LumaUI

/// Which colours the terminal is given, decided from the environment and terminfo's facts.
@Suite struct ColorSupportTests {
    func decide(_ env: [String: String], colors: Int, hasColors: Bool = true) -> ColorSupport {
        ColorSupport.decide(environment: env, hasColors: hasColors, colors: colors)
    }

    @Test func colortermIsTrustedOverA256ColourTerminfo() {
        for value in ["truecolor", "24bit", "TrueColor"] {
            let s = decide(["COLORTERM": value], colors: 256)
            #expect(s.mode == .truecolor && s.cursesMode == .indexed256 && s.writesExactColor, "\(value)")
        }
    }

    @Test func withoutColortermTerminfoDecides() {
        #expect(decide([:], colors: 256) == ColorSupport(mode: .indexed256, cursesMode: .indexed256))
        #expect(decide(["COLORTERM": "yes"], colors: 256).mode == .indexed256)
        #expect(decide([:], colors: 8) == ColorSupport(mode: .ansi16, cursesMode: .ansi16))
        #expect(decide([:], colors: 16).mode == .ansi16)
    }

    @Test func aDirectColourTerminfoNeedsNothingWrittenPastNcurses() {
        let s = decide([:], colors: 0x1000000)
        #expect(s.mode == .truecolor && s.cursesMode == .truecolor && !s.writesExactColor)
    }

    /// A terminfo of 8 colours beside a COLORTERM claim is a mismatch: terminfo is believed.
    @Test func colortermOnAPoorTerminfoIsNotTrusted() {
        #expect(decide(["COLORTERM": "truecolor"], colors: 8).mode == .ansi16)
    }

    @Test func noColorAndColourlessTerminalsWin() {
        #expect(decide(["NO_COLOR": "1", "COLORTERM": "truecolor"], colors: 256).mode == .none)
        #expect(decide(["COLORTERM": "truecolor"], colors: 256, hasColors: false).mode == .none)
        #expect(decide(["NO_COLOR": ""], colors: 256).mode == .indexed256, "an empty NO_COLOR is unset")
    }

    @Test func exactSGRCarriesTheStyle() {
        #expect(ColorSupport.exactSGR(Style(foreground: .indexed(3))) == nil, "ncurses draws it exactly")
        #expect(ColorSupport.exactSGR(Style(foreground: .rgb(208, 208, 208), background: .rgb(28, 28, 28), bold: true))
                == "\u{1B}[0;1;38;2;208;208;208;48;2;28;28;28m")
        #expect(ColorSupport.exactSGR(Style(foreground: .indexed(231), background: .rgb(1, 2, 3), underline: true, reverse: true))
                == "\u{1B}[0;4;7;38;5;231;48;2;1;2;3m")
        #expect(ColorSupport.exactSGR(Style(background: .rgb(1, 2, 3), dim: true)) == "\u{1B}[0;2;39;48;2;1;2;3m")
    }

    /// A direct-colour terminfo takes numbers from 8 up as 24-bit colours, so table colours are
    /// given as their RGB.
    @Test func directColourPairsGiveTableColoursAsRGB() {
        let pair = TerminalColor.pair(Style(foreground: .indexed(244), background: .indexed(2)), mode: .truecolor, colors: 0x1000000)
        #expect(pair.foreground == 0x808080)
        #expect(pair.background == 2)
        #expect(TerminalColor.pair(Style(foreground: .indexed(9)), mode: .truecolor, colors: 0x1000000).foreground == 0xff0000)
    }
}
