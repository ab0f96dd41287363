import Foundation
import Testing
@testable import LumaKit
@testable import LumaRuntime
@testable import LumaUI

/// The `:` line through the runtime: typed keys, the effect carried out, the frame.
@Suite struct CommandLineRuntimeTests {
    /// The default theme with a title bar of its own colour, so the frame shows which one is on.
    static let plum: Theme = {
        var t = Theme.default
        t.name = "plum"
        t.styles[.title] = Style(foreground: .indexed(231), background: .indexed(96))
        return t
    }()

    @Test func themeByNameChangesTheFrame() {
        let d = Dashboard(themes: [.default, Self.plum])
        let titleBefore = d.terminal.screen[0, 0].style
        d.press(.char(":"))
        d.type("theme pl")
        d.press(.tab)
        #expect(d.screen.contains(":theme plum"), "Tab completed the name from the runtime's themes")
        d.press(.enter)
        #expect(d.runtime.theme.name == "plum")
        #expect(d.screen.contains("theme: plum"))
        #expect(d.terminal.screen[0, 0].style == Self.plum[.title] && titleBefore != Self.plum[.title])
        d.press(.char(":"))
        d.type("theme default")
        d.press(.enter)
        #expect(d.runtime.theme.name == "default" && d.terminal.screen[0, 0].style == titleBefore)
        d.press(.char("t"))
        #expect(d.runtime.theme.name == "plum", "t goes on from the theme : chose")
    }

    @Test func unknownThemeIsSaidAndNothingChanges() {
        let d = Dashboard(themes: [.default, Self.plum])
        d.press(.char(":"))
        d.type("theme plun")
        d.press(.enter)
        #expect(d.runtime.theme.name == "default")
        #expect(d.screen.contains("no theme named plun (did you mean plum?)"))
    }

    @Test func tabListsThemesInTheBar() {
        let d = Dashboard(themes: [.default, Self.plum])
        d.press(.char(":"))
        d.type("theme ")
        d.press(.tab)
        #expect(d.screen.contains("default  plum"))
        d.press(.escape)
        #expect(d.state.prompt == nil && !d.screen.contains("default  plum"))
    }
}
