import Foundation
import Testing
@testable import LumaKit
@testable import LumaUI

/// `config.toml` read in-process: every key, every kind of problem at its line, key clashes.
@Suite struct ConfigParserTests {
    func parse(_ text: String) -> (Config, [ConfigProblem]) { ConfigParser.parse(text, file: "c.toml") }

    /// Problems as `line: message` for short expectations.
    func problems(_ text: String) -> [String] { parse(text).1.map { "\($0.line): \($0.message)" } }

    @Test func everyKeyIsRead() throws {
        let (config, found) = parse("""
            # mine
            provider = "quickrouter"
            base_url = "http://127.0.0.1:9"
            interval = 2.5
            max_in_flight = 8
            download_dir = "~/Videos/luma"
            theme = "gruvbox"
            preview = "Sixel"
            columns = ["id", "state", "age", "prompt"]
            mouse = false

            [keys]
            quit = "Q"
            down = ["J", "Down"]
            refresh = "C-r"
            help = "^H"
            """)
        #expect(found.map(\.message) == ["help: unknown key \"^H\": the terminal sends it as Backspace: use Backspace"])
        #expect(config.provider == .quickrouter && config.baseURL == "http://127.0.0.1:9")
        #expect(config.interval == 2.5 && config.maxInFlight == 8 && config.downloadDir == "~/Videos/luma")
        #expect(config.theme == "gruvbox" && config.preview == .forced(.sixel) && config.mouse == false)
        #expect(config.columns == [.id, .state, .age, .prompt])
        #expect(config.keymap == .default, "a [keys] table with a problem is set aside whole")

        let (good, none) = parse("interval = 3\n[keys]\nquit = \"Q\"\ndown = [\"J\", \"Down\"]\nrefresh = \"C-r\"\nextend = []\n")
        #expect(none.isEmpty)
        #expect(good.interval == 3, "a whole number of seconds is a number too")
        #expect(good.keymap.keys(for: .quit) == [.char("Q")])
        #expect(good.keymap.keys(for: .moveDown) == [.char("J"), .down])
        #expect(good.keymap.keys(for: .refresh) == [.ctrl("r")])
        #expect(good.keymap.keys(for: .extend).isEmpty)
        #expect(good.keymap.command(for: .char("q")) == nil && good.keymap.command(for: .char("j")) == nil,
                "a binding replaces the action's defaults")
        #expect(good.keymap.command(for: .char("Q")) == .quit && good.keymap.command(for: .char("k")) == .moveUp)
    }

    @Test func emptyFileIsTheDefaults() {
        let (config, found) = parse("# nothing set\n")
        #expect(found.isEmpty && config == Config())
    }

    @Test func eachBadValueIsAProblemAtItsLineAndKeepsItsDefault() {
        let text = """
            provider = "lumalabs"
            base_url = "ftp://example"
            interval = 0.5
            max_in_flight = 100
            download_dir = "videos"
            theme = ""
            preview = "braille"
            columns = ["state", "prompt", "id"]
            mouse = "yes"
            intervall = 5
            keys = 3
            provider2 = 1
            """
        let found = problems(text)
        #expect(found.count == 12, "\(found)")
        #expect(found[0].hasPrefix("1: unknown provider \"lumalabs\": use quickrouter or luma"))
        #expect(found[1].hasPrefix("2: base_url:"))
        #expect(found[2] == "3: interval must be at least 1 second")
        #expect(found[3] == "4: max_in_flight must be between 1 and 64")
        #expect(found[4] == "5: download_dir must be an absolute path or start with ~/")
        #expect(found[5].hasPrefix("6: theme is empty"))
        #expect(found[6].hasPrefix("7: unknown preview mode \"braille\""))
        #expect(found[7] == "8: prompt takes the rest of the row: put it last")
        #expect(found[8] == "9: mouse must be true or false")
        #expect(found[9] == "10: unknown key \"intervall\" (did you mean \"interval\"?)")
        #expect(found[10].hasPrefix("11: keys must be a table"))
        #expect(found[11] == "12: unknown key \"provider2\" (did you mean \"provider\"?)")
        #expect(parse(text).0 == Config(), "every key kept its default")
    }

    @Test func wrongTypesAndColumnsSayWhatIsWanted() {
        #expect(problems("interval = \"5\"") == ["1: interval must be a number"])
        #expect(problems("max_in_flight = 2.5") == ["1: max_in_flight must be a whole number"])
        #expect(problems("theme = 3") == ["1: theme must be a string (in quotes)"])
        #expect(problems("provider = \"openai\"") == ["1: unknown provider \"openai\": use quickrouter or luma"])
        #expect(problems("columns = [\"stat\"]") == ["1: unknown column \"stat\": did you mean \"state\"? use some of state, saved, id, res, dur, aspect, age, in_state, eta, prompt"])
        #expect(problems("columns = [\"id\", \"id\"]") == ["1: column \"id\" is listed twice"])
        #expect(problems("columns = []") == ["1: columns is empty: list at least one column"])
        #expect(problems("columns = [1]") == ["1: columns must be a string or a list of strings"])
    }

    /// Hostile files: each one problem, the defaults, never a crash.
    @Test func filesThatAreNotAConfig() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lumatop-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(Config.load(path: dir.appendingPathComponent("none.toml")) == (Config(), []), "no file: the defaults, no problem")
        let cases: [(String, Data, String)] = [
            ("nul.toml", Data("interval = 9\n\0mouse = 1\n".utf8), "is not text"),
            ("latin1.toml", Data([0x74, 0x68, 0x65, 0x6D, 0x65, 0x3D, 0x22, 0xE9, 0x22]), "is not text"),
            ("huge.toml", Data(repeating: 0x23, count: ConfigParser.largest + 1), "not a config file"),
        ]
        for (name, data, why) in cases {
            let file = dir.appendingPathComponent(name)
            try data.write(to: file)
            let (config, found) = Config.load(path: file)
            #expect(config == Config() && found.count == 1 && found[0].message.contains(why), "\(name): \(found)")
        }
        let (_, directory) = Config.load(path: dir)
        #expect(directory.map(\.message) == ["cannot be read; the defaults are used"])
    }

    @Test func notTOMLIsOneProblemAtTheParsersLine() {
        let (config, found) = parse("interval = 5\n\ntheme = \"dark\nmouse = true\n")
        #expect(found.count == 1)
        #expect(found.first?.line == 3, "\(found)")
        #expect(found.first?.message.hasPrefix("not TOML:") == true)
        #expect(found.first?.description.hasPrefix("c.toml:3: not TOML:") == true)
        #expect(config == Config(), "nothing of a file that does not parse is used")
    }

    @Test func keyProblemsAtTheirLines() {
        let found = problems("""
            [keys]
            qiut = "Q"
            down = "Z?"
            up = 5
            help = "C-c"
            """)
        #expect(found == [
            "2: unknown action \"qiut\" (did you mean \"quit\"?); the actions are `lumatop config --default`'s [keys]",
            "3: down: unknown key \"Z?\": use one character, C-x or ^X, or one of Up Down Left Right Home End PgUp PgDn Enter Tab S-Tab Esc Backspace Del Space",
            "4: keys.up must be a string or a list of strings",
            "5: help: ^C always quits; choose another key",
        ])
    }

    @Test func clashesAreProblemsAndTheDefaultsHold() {
        // Two actions of the table on one key.
        let two = parse("[keys]\nquit = \"x\"\nrefresh = [\"r\", \"x\"]\nuntrack = \"z\"\n")
        #expect(two.1.map { "\($0.line): \($0.message)" } == ["3: refresh: x is also bound to quit (line 2)"])
        #expect(two.0.keymap == .default)
        // A key of the table that a left-alone action still has by default.
        let kept = problems("[keys]\nquit = \"j\"\n")
        #expect(kept == ["2: quit: j is also bound to down, whose default it is (rebind down to free it)"])
        // Rebinding that action too frees the key.
        let freed = parse("[keys]\nquit = \"j\"\ndown = \"J\"\n")
        #expect(freed.1.isEmpty)
        #expect(freed.0.keymap.command(for: .char("j")) == .quit)
        // Dotted keys outside the table are the same table, at their own lines.
        #expect(problems("theme = \"dark\"\nkeys.quit = \"s\"\n") == ["2: quit: s is also bound to sort, whose default it is (rebind sort to free it)"])
    }

    @Test func keyNamesReadAsHelpShowsThem() throws {
        let cases: [(String, Key, String)] = [
            ("Q", .char("Q"), "Q"), ("up", .up, "↑"), ("PgDn", .pageDown, "PgDn"), ("pageup", .pageUp, "PgUp"),
            ("C-x", .ctrl("x"), "^X"), ("^X", .ctrl("x"), "^X"), ("Esc", .escape, "Esc"), ("Space", .char(" "), "Space"),
            ("S-Tab", .backTab, "S-Tab"), ("/", .char("/"), "/"), ("é", .char("é"), "é"), ("→", .right, "→"),
        ]
        for (text, key, shown) in cases {
            #expect(try KeyName.parse(text).get() == key, "\(text)")
            #expect(KeyName.display(key) == shown)
        }
        for bad in ["", " ", "C-1", "Ctrl", "\u{1B}", "F1", "C-i"] {
            #expect(throws: KeyNameError.self, "\(bad)") { try KeyName.parse(bad).get() }
        }
    }

    /// The example is the defaults: as printed it sets nothing, and with every `# key = value`
    /// line uncommented it still parses to the defaults, without a problem.
    @Test func theExampleRoundTrips() {
        let example = Config.example
        #expect(parse(example) == (Config(), []))
        let uncommented = example.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let rest = line.dropFirst(2)
            guard line.hasPrefix("# ") else { return String(line) }
            if rest == "[keys]" { return String(rest) }
            guard let eq = rest.range(of: " = ") else { return String(line) }
            let key = rest[..<eq.lowerBound]
            return !key.isEmpty && key.allSatisfy({ $0.isLowercase || $0 == "_" }) ? String(rest) : String(line)
        }.joined(separator: "\n")
        let (config, found) = parse(uncommented)
        #expect(found.isEmpty, "\(found)")
        #expect(config.keymap == .default && config.columns == ColumnID.defaultOrder && config.interval == PollPolicy().interval)
        #expect(config.maxInFlight == PollPolicy().maxInFlight && config.baseURL == ServiceEndpoint.defaultBase)
        #expect(config.preview == .auto && config.mouse == true && config.theme == "default" && config.provider == .quickrouter)
        // Every top-level key and every action is in it, set.
        for key in ConfigParser.topKeys where key != "keys" { #expect(uncommented.contains("\n\(key) = "), "\(key)") }
        for command in Command.allCases { #expect(uncommented.contains("\n\(command.rawValue) = "), "\(command)") }
    }
}
