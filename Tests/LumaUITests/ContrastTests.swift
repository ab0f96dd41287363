import Foundation
import Testing
@testable import LumaUI

/// The default theme draws on the terminal's own background, which may be dark or light: every
/// role must read on both, in every colour mode. The first 16 colours are the terminal's to
/// choose; these tests take xterm's default palette for them (ColorDegrade.ansi16).
@Suite struct DefaultThemeContrastTests {
    static let modes: [ColorMode] = [.truecolor, .indexed256, .ansi16]

    /// What a cell of `style` shows on a terminal whose own background is `terminalBG`: the
    /// terminal's text colour is light on a dark background and black on a light one.
    static func shown(_ style: Style, _ mode: ColorMode, terminalBG: UInt32) -> (fg: UInt32, bg: UInt32) {
        let terminalFG: UInt32 = ColorDegrade.contrast(terminalBG, 0) < ColorDegrade.contrast(terminalBG, 0xffffff) ? 0xe5e5e5 : 0
        let fg = ColorDegrade.shown(style.foreground, mode) ?? terminalFG
        let bg = ColorDegrade.shown(style.background, mode) ?? terminalBG
        return style.reverse ? (bg, fg) : (fg, bg)
    }

    @Test(arguments: modes)
    func everyRoleReadsOnDarkAndLight(mode: ColorMode) {
        let theme = Theme.default.adapted(to: mode)
        for background in ColorDegrade.typicalBackgrounds {
            for role in Role.allCases {
                let cell = Self.shown(theme[role], mode, terminalBG: background)
                let ratio = ColorDegrade.contrast(cell.fg, cell.bg)
                #expect(ratio >= ColorDegrade.readableContrast,
                        "\(role) at \(mode) on #\(String(background, radix: 16)): \(String(format: "%.2f", ratio)):1")
                let selected = Self.shown(theme[.selection].over(theme[role]), mode, terminalBG: background)
                #expect(ColorDegrade.contrast(selected.fg, selected.bg) >= ColorDegrade.readableContrast,
                        "\(role) selected at \(mode) on #\(String(background, radix: 16))")
            }
        }
    }

    /// The check fails where it should: xterm's blue on black, its yellow on white.
    @Test func theOldBoldBlueFails() {
        let blue = Self.shown(Style(foreground: .indexed(4), bold: true), .indexed256, terminalBG: 0)
        #expect(ColorDegrade.contrast(blue.fg, blue.bg) < ColorDegrade.readableContrast)
        let yellow = Self.shown(Style(foreground: .indexed(3)), .ansi16, terminalBG: 0xffffff)
        #expect(ColorDegrade.contrast(yellow.fg, yellow.bg) < ColorDegrade.readableContrast)
        #expect(!ColorDegrade.readableOnEitherBackground.contains(4))
        #expect(!ColorDegrade.readableOnEitherBackground.contains(3))
    }

    /// At 16 colours text on the terminal's background moves to a readable colour, but a theme
    /// with its own background keeps what it chose.
    @Test func sixteenColoursMoveOnlyTextOnTheTerminalsBackground() {
        let t = Theme.default.adapted(to: .ansi16)
        for role in Role.allCases {
            if case .indexed(let i) = t[role].foreground, t[role].background == .default {
                #expect(i < 16 && ColorDegrade.readableOnEitherBackground.contains(i), "\(role)")
            }
        }
        #expect(t[.title].background == Theme.default[.title].background)
        let (own, _) = ThemeParser.parse("normal = #d0d0d0 on #1c1c1c\nstate.pending = yellow\n", name: "own", file: "own.theme")
        #expect(own.adapted(to: .ansi16)[.statePending].foreground == .indexed(3))
    }

    @Test func shippedFileMatchesTheBuiltIn() {
        let loaded = ThemeCatalog(shipped: shippedThemes, user: URL(fileURLWithPath: "/nonexistent")).load("default")
        #expect(loaded.problems.isEmpty)
        #expect(loaded.theme.styles == Theme.default.styles)
        #expect(loaded.theme.description == Theme.default.description)
    }
}
