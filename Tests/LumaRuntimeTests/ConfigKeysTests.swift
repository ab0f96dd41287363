import Foundation
import Testing
@testable import LumaKit
@testable import LumaRuntime
@testable import LumaUI

/// The config's keys and columns in a running dashboard: the keys act, the old ones do not, and
/// help and the hint bar show the user's keys.
@Suite struct ConfigKeysTests {
    func configured(_ toml: String, width: Int = 100, height: Int = 40) throws -> Dashboard {
        let (config, problems) = ConfigParser.parse(toml, file: "config.toml")
        try #require(problems.isEmpty, "\(problems)")
        let d = Dashboard(width: width, height: height)
        d.runtime.use(keymap: config.keymap, columns: config.columns ?? ColumnID.defaultOrder)
        d.turn()
        return d
    }

    @Test func aBindingReplacesTheDefaultKeys() throws {
        let d = try configured("[keys]\nquit = \"Q\"\ndown = [\"J\", \"Down\"]\nup = \"K\"\n")
        d.press(.char("j"))
        #expect(d.ids.first == Dashboard.completed && d.state.selectedID != Dashboard.processing, "j no longer moves")
        d.press(.char("J"))
        #expect(d.state.selectedID == Dashboard.processing)
        d.press(.down)
        #expect(d.state.selectedID == Dashboard.failed, "Down was listed too")
        d.press(.char("K"))
        #expect(d.state.selectedID == Dashboard.processing)
        d.press(.char("q"))
        #expect(d.running, "q is no longer quit")
        d.press(.char("Q"))
        #expect(!d.running)
    }

    @Test func ctrlCQuitsWhateverTheTableSays() throws {
        let d = try configured("[keys]\nquit = \"Q\"\n")
        d.press(.ctrl("c"))
        #expect(!d.running)
    }

    @Test func messagesNameTheUsersKeys() throws {
        let d = try configured("[keys]\nadd = \"+\"\nclear_filter = \"C-x\"\nnext_url = \"]\"\nopen = \"O\"\n")
        d.press(.char("/"))
        d.type("p")
        d.press(.enter)
        #expect(d.screen.contains("(^X clears)"), "\(d.screen)")
        d.press(.char("]"))
        #expect(d.screen.contains("O and y act on"), "\(d.screen)")
        #expect(d.screen.contains("▸ O opens · y copies · ] chooses"), "\(d.screen)")
        d.press(.char("+"))
        d.type("bad/id")
        d.press(.enter)
        #expect(d.screen.contains("(+ to edit)"), "\(d.screen)")
        #expect(!d.screen.contains("(a to edit)"))
    }

    @Test func helpAndHintsShowTheUsersKeys() throws {
        let d = try configured("[keys]\nquit = \"Q\"\nhelp = \"F\"\ndown = \"J\"\nup = \"K\"\nadd = \"+\"\nextend = []\n")
        let bar = d.screen.split(separator: "\n").last { $0.contains("help") }.map(String.init) ?? ""
        #expect(bar.contains("K/J move") && bar.contains("+ add") && bar.contains("F help") && bar.contains("Q quit"), "\(bar)")
        #expect(!bar.contains("? help") && !bar.contains("q quit") && !bar.contains("extend"), "\(bar)")
        d.press(.char("?"))
        #expect(!d.state.showHelp, "? is free now")
        d.press(.char("F"))
        #expect(d.state.showHelp)
        let help = d.screen
        #expect(help.contains("Q ") && help.contains("quit (q in the zoomed view"))
        #expect(!help.contains("q ^C"), "the default label is gone")
        #expect(help.contains("- ") && help.contains("extend the selected completed generation"), "an unbound action shows -")
        #expect(help.contains("K ") && help.contains("J ") && help.contains("+ "))
    }

    @Test func theDefaultHintsAreTheOldOnes() {
        #expect(Keymap.default.hints == "↑↓ move  a add  n new  e extend  N again  d download  o open  y copy  r refresh  / filter  ? help  q quit")
        #expect(Keymap.default.hints(fitting: 40) == "↑↓ move  a add  n new  ? help  q quit")
    }

    @Test func columnsFollowTheConfig() throws {
        let d = try configured("columns = [\"id\", \"age\", \"state\"]\n")
        let header = d.screen.split(separator: "\n").first { $0.contains("STATE") }.map(String.init) ?? ""
        let id = try #require(header.range(of: "ID")), age = try #require(header.range(of: "AGE")),
            state = try #require(header.range(of: "STATE"))
        #expect(id.lowerBound < age.lowerBound && age.lowerBound < state.lowerBound, "\(header)")
        #expect(!header.contains("PROMPT") && !header.contains("RES"), "\(header)")
    }
}

@Suite struct CommandNameTests {
    @Test func everyCommandHasAStableNameAndDefaultKeys() {
        #expect(Keymap.default.bindings.map(\.command).sorted { $0.rawValue < $1.rawValue }
                == Command.allCases.sorted { $0.rawValue < $1.rawValue }, "each command once")
        for command in Command.allCases {
            #expect(!Keymap.default.keys(for: command).isEmpty, "\(command) has a default key")
            #expect(command.rawValue.allSatisfy { $0.isLowercase || $0 == "_" }, "snake_case: \(command.rawValue)")
        }
        #expect(Command(rawValue: "down") == .moveDown && Command(rawValue: "quit") == .quit)
    }
}
