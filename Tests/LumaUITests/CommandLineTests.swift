import Foundation
import Testing
@testable import LumaKit
@testable import LumaUI

/// The `:` line: each command, Tab completion, Esc, and what a wrong line says.
@Suite struct CommandLineTests {
    let snapshot = Samples.store().snapshot()
    static let themes = ["default", "dark", "gruvbox", "light"]
    static let completed = "c0mpleted-0000-4809-a133-10786201bb56"

    func ctx(_ downloads: [String: DownloadStatus] = [:]) -> KeyContext {
        var c = KeyContext(snapshot: snapshot, now: Samples.now, listHeight: 3, downloads: downloads)
        c.themeNames = Self.themes
        return c
    }

    /// Presses `:`, types `line`, then the keys given (Enter by default).
    func command(_ line: String, then keys: [Key] = [.enter], from start: DashboardState = DashboardState(),
                 downloads: [String: DownloadStatus] = [:]) -> (DashboardState, [Effect]) {
        var state = start
        var effects = state.reduce(.char(":"), ctx(downloads))
        for k in line.map({ Key.char($0) }) + keys { effects += state.reduce(k, ctx(downloads)) }
        return (state, effects)
    }

    func said(_ state: DashboardState) -> String { state.activeMessage(at: Samples.now)?.text ?? "" }

    @Test func colonOpensTheLineAndEscClosesIt() {
        let (open, _) = command("sor", then: [])
        #expect(open.prompt == .command() && open.input.text == "sor")
        let (closed, effects) = command("sort state", then: [.escape])
        #expect(closed.prompt == nil && effects.isEmpty)
        #expect(closed.sort == .newestFirst, "Esc runs nothing")
        #expect(command("", then: [.backspace]).0.prompt == nil, "Backspace on an empty line closes it, as in vim")
        #expect(command("", then: [.char("q")]).0.prompt == .command(), "keys are text while the line is open")
    }

    @Test func sortByEachWord() {
        #expect(command("sort state").0.sort == .byState)
        #expect(command("sort time").0.sort == .byTimeInState)
        var byState = DashboardState()
        byState.sort = .byState
        #expect(command("sort newest", from: byState).0.sort == .newestFirst)
        let (short, _) = command("so st")
        #expect(short.sort == .byState, "a command and its word may be shortened")
        #expect(said(short) == "sorted by state")
        let (wrong, _) = command("sort size")
        #expect(wrong.sort == .newestFirst && said(wrong).contains("no sort order size (newest, state, time)"))
        #expect(said(command("sort").0).contains("sort by what? newest, state, time"))
    }

    @Test func themeByNameIsAnEffect() {
        let (state, effects) = command("theme gruvbox")
        #expect(effects == [.setTheme("gruvbox")] && state.prompt == nil)
        let (wrong, none) = command("theme gruvbx")
        #expect(none.isEmpty)
        #expect(said(wrong) == "no theme named gruvbx (did you mean gruvbox?) (: to edit)")
        #expect(wrong.message?.isError == true)
        #expect(said(command("theme").0) == "themes: default, dark, gruvbox, light")
    }

    @Test func trackTakesIdsAndPiecesOfTrackedOnes() {
        let (state, effects) = command("track abc-1, def_2")
        #expect(effects == [.track(["abc-1", "def_2"])])
        #expect(state.selectedID == "abc-1" && said(state) == "tracking 2 ids")
        let (known, none) = command("track c0mple")
        #expect(none.isEmpty && known.selectedID == Self.completed, "a piece of a tracked id names it")
        #expect(said(known) == "already tracked: c0mplete")
    }

    @Test func trackRefusesAsAddDoesAndKeepsTheLine() {
        let (bad, none) = command("track good ../etc")
        #expect(none.isEmpty)
        #expect(said(bad).contains("invalid task id \"../etc\"") && said(bad).hasSuffix("(: to edit)"))
        var again = bad
        _ = again.reduce(.char(":"), ctx())
        #expect(again.prompt == .command() && again.input.text == "track good ../etc", "the next : offers it to mend")
        _ = again.reduce(.escape, ctx())
        _ = again.reduce(.char(":"), ctx())
        #expect(again.input.text.isEmpty, "offered once")
        #expect(said(command("track").0).contains("track which ids?"))
    }

    @Test func trackRefusesAnAmbiguousPiece() {
        let store = Samples.store()
        store.track(["abcdef-1", "abcdef-2"])
        var c = KeyContext(snapshot: store.snapshot(), now: Samples.now, listHeight: 3)
        c.themeNames = Self.themes
        var state = DashboardState()
        var effects: [Effect] = []
        for k in [Key.char(":")] + "track abcdef".map({ Key.char($0) }) + [.enter] { effects += state.reduce(k, c) }
        #expect(effects.isEmpty)
        #expect(said(state).contains("\"abcdef\" is the start of 2 tracked ids"))
        #expect(state.rejectedCommand == "track abcdef")
    }

    @Test func filterSetsAndClears() {
        let (state, _) = command("filter cat dance")
        #expect(state.filter == "cat dance" && state.prompt == nil)
        #expect(state.rows(snapshot).map(\.id) == [Self.completed])
        let (cleared, _) = command("filter", from: state)
        #expect(cleared.filter.isEmpty && said(cleared) == "filter cleared")
    }

    @Test func downloadActsOnTheSelectedOne() {
        var atCompleted = DashboardState()
        atCompleted.selectedID = Self.completed
        let (state, effects) = command("download", from: atCompleted)
        guard case .download(let orders)? = effects.first else {
            Issue.record("no download: \(effects)")
            return
        }
        #expect(orders.map(\.id) == [Self.completed])
        #expect(said(state) == "downloading c0mplete")
        let (busy, none) = command("download")
        #expect(none.isEmpty && said(busy).contains("nothing to download yet"), "the newest is still processing")
        #expect(said(command("download now").0).contains(":download takes nothing after it"))
    }

    @Test func quitAsksWhileDownloadsRun() {
        #expect(command("quit").1 == [.quit])
        #expect(command("q").1 == [.quit], "as in vim")
        let running = [Self.completed: DownloadStatus(phase: .running)]
        let (asked, none) = command("quit", downloads: running)
        #expect(none.isEmpty && asked.prompt == .confirmQuit(1))
        var zoomed = DashboardState()
        zoomed.zoomed = true
        #expect(command("quit", from: zoomed).1 == [.quit], "unlike q, :quit quits from the zoomed view")
    }

    @Test func helpListsTheCommands() {
        let text = said(command("help").0)
        for c in LineCommand.allCases { #expect(text.contains(":" + c.rawValue), "\(c)") }
        #expect(text.contains(":sort newest|state|time"))
    }

    @Test func unknownAndAmbiguousCommandsAreNamed() {
        let (typo, effects) = command("sotr state")
        #expect(effects.isEmpty && typo.sort == .newestFirst)
        #expect(said(typo) == "unknown command :sotr (did you mean :sort?) (: to edit)")
        #expect(typo.message?.isError == true)
        #expect(said(command("xyzzy").0) == "unknown command :xyzzy (: to edit)")
        #expect(said(command("t gruvbox").0) == ":t could be :theme or :track (: to edit)")
        let (empty, nothing) = command("   ")
        #expect(nothing.isEmpty && empty.message == nil && empty.prompt == nil, "an empty line does nothing")
    }

    @Test func tabCompletesALoneCandidate() {
        let (name, _) = command("so", then: [.tab])
        #expect(name.input.text == "sort " && name.input.cursor == 5)
        #expect(name.prompt == .command(), "nothing to list")
        let (word, _) = command("sort st", then: [.tab])
        #expect(word.input.text == "sort state")
        let (theme, effects) = command("theme gr", then: [.tab, .enter])
        #expect(theme.prompt == nil && effects == [.setTheme("gruvbox")])
    }

    @Test func tabListsSeveralAndGrowsTheirSharedStart() {
        let (commands, _) = command("t", then: [.tab])
        #expect(commands.prompt == .command(choices: ["theme", "track"]) && commands.input.text == "t")
        let (sorts, _) = command("sort ", then: [.tab])
        #expect(sorts.prompt == .command(choices: ["newest", "state", "time"]))
        let (themes, _) = command("theme d", then: [.tab])
        #expect(themes.prompt == .command(choices: ["default", "dark"]) && themes.input.text == "theme d")
        let (grown, _) = command("theme de", then: [.tab])
        #expect(grown.input.text == "theme default", "one left: completed")
        let (edited, _) = command("t", then: [.tab, .char("h")])
        #expect(edited.prompt == .command() && edited.input.text == "th", "an edit hides the list")
    }

    @Test func tabWithNothingToOffer() {
        let (none, _) = command("zz", then: [.tab])
        #expect(none.prompt == .command(choices: []) && none.input.text == "zz")
        let (ids, _) = command("track ab", then: [.tab])
        #expect(ids.prompt == .command(choices: []), "new ids are not guessed")
        #expect(CommandCompletion("sort state x", themes: []).candidates.isEmpty)
        #expect(CommandCompletion.sharedStart(["gruvbox", "green"]) == "gr")
    }

    @Test func theBarShowsTheLineAndTheChoices() {
        var state = command("sort ", then: [.tab]).0
        var buffer = Buffer(width: 60, height: 1)
        StatusBar.draw(state, snapshot, now: Samples.now, in: Rect(x: 0, y: 0, width: 60, height: 1), into: &buffer, theme: .default)
        let line = buffer.lines[0]
        #expect(line.hasPrefix(":sort "))
        #expect(line.contains("newest  state  time"))
        state = command("zz", then: [.tab]).0
        buffer = Buffer(width: 60, height: 1)
        StatusBar.draw(state, snapshot, now: Samples.now, in: Rect(x: 0, y: 0, width: 60, height: 1), into: &buffer, theme: .default)
        #expect(buffer.lines[0].hasPrefix(":zz") && buffer.lines[0].contains("nothing to complete"))
    }

    @Test func aPasteIsTextForTheLine() {
        var (state, _) = command("filter ", then: [.paste("cat\ndance")])
        #expect(state.prompt == .command())
        _ = state.reduce(.enter, ctx())
        #expect(!state.filter.isEmpty && !state.filter.contains("\n"))
    }
}
