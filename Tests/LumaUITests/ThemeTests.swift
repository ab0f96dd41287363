import Foundation
import Testing
@testable import LumaKit
@testable import LumaUI

/// The repository's shipped themes, found the way the binary finds them.
let shippedThemes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../themes").standardizedFileURL

@Suite struct ThemeParserTests {
    func parse(_ text: String) -> (Theme, [ThemeProblem]) { ThemeParser.parse(text, name: "t", file: "t.theme") }

    @Test func everyColourForm() throws {
        let (theme, problems) = parse("""
            normal = #D0d0d0 on #1c1c1c
            state.pending = 214
            state.processing = cyan bold
            state.completed = bright-green
            state.failed = brightred underline
            state.unknown = grey dim
            selection = default on 238 bold reverse
            title = on blue
            """)
        #expect(problems.isEmpty)
        #expect(theme.styles[.normal] == Style(foreground: .rgb(0xd0, 0xd0, 0xd0), background: .rgb(0x1c, 0x1c, 0x1c)))
        #expect(theme.styles[.statePending] == Style(foreground: .indexed(214)))
        #expect(theme.styles[.stateProcessing] == Style(foreground: .indexed(6), bold: true))
        #expect(theme.styles[.stateCompleted] == Style(foreground: .indexed(10)))
        #expect(theme.styles[.stateFailed] == Style(foreground: .indexed(9), underline: true))
        #expect(theme.styles[.stateUnknown] == Style(foreground: .indexed(8), dim: true))
        #expect(theme.styles[.selection] == Style(background: .indexed(238), bold: true, reverse: true))
        #expect(theme.styles[.title] == Style(background: .indexed(4)))
        for (i, name) in ThemeParser.colorNames.enumerated() {
            #expect(try ThemeParser.color(name) == .indexed(UInt8(i)))
            #expect(try ThemeParser.color("bright-" + name) == .indexed(UInt8(i + 8)))
        }
    }

    @Test func commentsAndBlankLines() {
        let (theme, problems) = parse("""
            # a comment line
              # an indented one

            state.failed = #ff0000   # trailing note
            keyhint = red #bad is glued, not a comment
            """)
        #expect(theme.styles[.stateFailed] == Style(foreground: .rgb(255, 0, 0)))
        #expect(problems.map(\.line) == [5], "a # glued to a word is part of it: \(problems)")
    }

    @Test func unknownKeysWarnWithFileAndLine() {
        let (theme, problems) = parse("state.pending = red\nstate.queued = blue\n")
        #expect(problems.count == 1)
        #expect(problems[0].severity == .warning && problems[0].line == 2 && problems[0].file == "t.theme")
        #expect(problems[0].description.hasPrefix("t.theme:2: warning: unknown key \"state.queued\""))
        #expect(theme.styles[.statePending] == Style(foreground: .indexed(1)))
    }

    @Test func missingRolesInheritTheDefault() {
        let (theme, _) = parse("state.pending = red")
        for role in Role.allCases where role != .statePending {
            #expect(theme.styles[role] == Theme.default.styles[role])
        }
    }

    @Test(arguments: [
        ("state.pending red", "expected `role = colour"),
        ("state.pending = #12345", "not a #rrggbb colour"),
        ("state.pending = 256", "outside 0–255"),
        ("state.pending = purple", "not a colour"),
        ("state.pending = red blink", "not an attribute"),
        ("state.pending = red on", "needs a background"),
        ("state.pending =", "no colour"),
        ("appearance = dim", "dark or light"),
    ])
    func brokenLinesAreErrors(line: String, message: String) {
        let (_, problems) = parse("# header\n" + line)
        #expect(problems.count == 1)
        #expect(problems.first?.severity == .error)
        #expect(problems.first?.line == 2)
        #expect(problems.first?.message.contains(message) == true, "\(problems)")
    }

    @Test func brokenFileFallsBackToTheDefault() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lumatop-theme-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("broken.theme").path
        try "state.pending = red\nselection = #nothex\n".write(toFile: path, atomically: true, encoding: .utf8)
        let loaded = ThemeCatalog(shipped: shippedThemes, user: dir).load(path)
        #expect(loaded.fellBack)
        #expect(loaded.theme == Theme.default)
        #expect(loaded.problems.first?.description.hasPrefix("\(path):2: error:") == true)
    }
}

@Suite struct ThemeCatalogTests {
    @Test func shippedThemesAreFoundAndUserThemesOverride() throws {
        let user = FileManager.default.temporaryDirectory.appendingPathComponent("lumatop-user-\(UUID())")
        try FileManager.default.createDirectory(at: user, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: user) }
        try "description = mine\nstate.pending = red\n".write(to: user.appendingPathComponent("dark.theme"), atomically: true, encoding: .utf8)
        try "state.pending = blue\n".write(to: user.appendingPathComponent("extra.theme"), atomically: true, encoding: .utf8)
        let catalog = ThemeCatalog(shipped: shippedThemes, user: user)
        let names = catalog.entries().map(\.name)
        #expect(names == ["default", "dark", "extra", "gruvbox", "high-contrast", "light", "mono", "solarized-dark"])
        #expect(catalog.entries().first { $0.name == "dark" }?.isUser == true)
        #expect(catalog.load("dark").theme.description == "mine")
        let unknown = catalog.load("nope")
        #expect(unknown.fellBack && unknown.problems[0].message.contains("no theme named \"nope\""))
    }

    @Test func binaryFindsShippedThemesFromTheBuildFolder() {
        // .build/<triple>/debug/lumatop sits three folders under the repository.
        let fakeExe = shippedThemes.deletingLastPathComponent().appendingPathComponent(".build/x/debug/lumatop").path
        let found = ThemeCatalog.findShipped(environment: [:], executable: fakeExe)
        #expect(found?.standardizedFileURL == shippedThemes)
        let installed = ThemeCatalog.findShipped(environment: ["LUMATOP_THEMES_DIR": shippedThemes.path], executable: "/nowhere/bin/lumatop")
        #expect(installed?.path == shippedThemes.path)
    }
}

/// Every shipped theme loads cleanly and stays legible at 256 and 16 colours.
@Suite struct ShippedThemeTests {
    static let names = ["default", "dark", "light", "solarized-dark", "gruvbox", "high-contrast", "mono"]
    static let states: [Role] = [.statePending, .stateProcessing, .stateCompleted, .stateFailed, .stateUnknown]

    func load(_ name: String) -> ThemeCatalog.Loaded {
        ThemeCatalog(shipped: shippedThemes, user: URL(fileURLWithPath: "/nonexistent")).load(name)
    }

    @Test(arguments: names)
    func loadsWithoutAWarning(name: String) {
        let loaded = load(name)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.theme.name == name)
        #expect(!loaded.theme.description.isEmpty)
    }

    /// What a cell of `style` shows in `mode`: foreground and background as RGB, after `default`
    /// takes the terminal's colours (by the theme's appearance) and reverse swaps them.
    func shown(_ style: Style, _ theme: Theme, _ mode: ColorMode) -> (fg: UInt32, bg: UInt32) {
        let dark = theme.appearance == .dark
        let terminalFG: UInt32 = dark ? 0xe5e5e5 : 0x000000
        let terminalBG: UInt32 = dark ? 0x000000 : 0xffffff
        let fg = ColorDegrade.shown(style.foreground, mode) ?? terminalFG
        let bg = ColorDegrade.shown(style.background, mode) ?? terminalBG
        return style.reverse ? (bg, fg) : (fg, bg)
    }

    @Test(arguments: names)
    func statesAreLegibleAndTheSelectionStandsOut(name: String) {
        let theme = load(name).theme
        for mode in [ColorMode.indexed256, .ansi16] {
            let t = theme.adapted(to: mode)
            let normal = shown(t[.normal], t, mode)
            let selectionStyle = t[.selection]
            let selectedRow = shown(selectionStyle.over(t[.normal]), t, mode)
            // The selected row is told apart from the others: reverse video, or a background of its own.
            #expect(selectionStyle.reverse || ColorDegrade.contrast(selectedRow.bg, normal.bg) >= 1.15,
                    "\(name) at \(mode): the selection background is lost")
            for role in Self.states {
                let cell = shown(t[role], t, mode)
                #expect(ColorDegrade.contrast(cell.fg, cell.bg) >= 3.0, "\(name) at \(mode): \(role) is hard to read")
                let selected = shown(selectionStyle.over(t[role]), t, mode)
                #expect(ColorDegrade.contrast(selected.fg, selected.bg) >= 2.5,
                        "\(name) at \(mode): \(role) on the selection is hard to read")
                #expect(selected != cell || t[role].reverse, "\(name) at \(mode): selecting \(role) changes nothing")
            }
            // A theme without colours tells states apart by their attributes.
            let looks = Set(Self.states.map { r -> String in
                let s = t[r]
                return "\(shown(s, t, mode).fg) \(s.bold) \(s.dim) \(s.underline) \(s.reverse)"
            })
            #expect(looks.count >= 4, "\(name) at \(mode): states look alike")
        }
    }

    @Test func sixteenColourSelectionFallsBackToReverse() {
        let (subtle, _) = ThemeParser.parse("normal = #d0d0d0 on #1c1c1c\nselection = default on #262626 bold\n",
                                            name: "subtle", file: "subtle.theme")
        #expect(!subtle[.selection].reverse)
        #expect(subtle.adapted(to: .ansi16)[.selection].reverse, "#262626 and #1c1c1c are both black at 16 colours")
        #expect(!subtle.adapted(to: .indexed256)[.selection].reverse)
        #expect(!load("dark").theme.adapted(to: .ansi16)[.selection].reverse, "#444444 stays apart (bright black)")
    }

    @Test func dashboardUnderTwoThemes() {
        for name in ["dark", "mono"] {
            let theme = load(name).theme
            let buffer = DashboardView.render(Frame(state: DashboardState(), snapshot: Samples.store().snapshot(),
                                                    width: 80, height: 24, now: Samples.now, host: "demo",
                                                    theme: theme, colorMode: .indexed256, timeZone: Samples.utc))
            assertSnapshot(buffer, named: "dashboard-theme-\(name)-80x24")
        }
    }

    @Test func paletteKeepsItsOwnColoursWhateverTheTheme() {
        let g = Samples.store().snapshot()["c0mpleted-0000-4809-a133-10786201bb56"]!
        var seen: Set<Style> = []
        for name in Self.names {
            var buffer = Buffer(width: 12, height: 5)
            PaletteSwatch.draw(g.generation?.palette, at: 0, y: 0, into: &buffer, theme: load(name).theme, mode: .indexed256)
            seen.insert(buffer[0, 0].style)
        }
        #expect(seen.count == 1)
    }

    @Test func previewUsesTheThemeColours() {
        let line = ThemePreview.line(load("dark").theme)
        #expect(line.contains("38;2;229;192;123"), "pending in #e5c07b")
        #expect(line.hasSuffix("\u{1B}[0m"))
    }
}
