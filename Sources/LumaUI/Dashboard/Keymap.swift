/// What a key does. The raw value is the action's name in the config file's `[keys]` table:
/// snake_case, short, stable (renaming one breaks the users' files).
public enum Command: String, CaseIterable, Hashable, Sendable {
    case moveUp = "up", moveDown = "down", first, last, pageUp = "page_up", pageDown = "page_down"
    case zoom, switchFocus = "focus", add, untrack, refresh, refreshAll = "refresh_all", filter
    case clearFilter = "clear_filter", cycleSort = "sort", cycleTheme = "theme", help, quit
    case download, downloadAll = "download_all", cancelDownload = "cancel_download", open, copy
    case nextURL = "next_url", previousURL = "previous_url", cyclePreview = "preview", showLog = "log"
    case newGeneration = "new", extend, again, commandLine = "command_line", delete

    /// What help says the action does.
    public var help: String {
        switch self {
        case .moveUp: "move up"
        case .moveDown: "move down"
        case .first: "first"
        case .last: "last"
        case .pageUp: "page up"
        case .pageDown: "page down"
        case .zoom: "zoom the detail pane"
        case .switchFocus: "focus list / detail (detail scrolls)"
        case .add: "add task ids"
        case .newGeneration: "new generation (a form; ^S creates)"
        case .extend: "extend the selected completed generation"
        case .again: "again: a new one from the selected prompt"
        case .untrack: "untrack the selected generation"
        case .delete: "delete the selected one on the provider (Luma API)"
        case .refresh: "refresh the selected one now (or retry the key)"
        case .refreshAll: "refresh all now"
        case .filter: "filter by id, prompt or state"
        case .clearFilter: "clear the filter, close zoom"
        case .cycleSort: "cycle the sort order"
        case .help: "this help"
        case .quit: "quit (q in the zoomed view closes it; ^C always quits)"
        case .cycleTheme: "next theme (remembered for the next start)"
        case .download: "download the selected video"
        case .downloadAll: "download every completed video not saved yet"
        case .cancelDownload: "cancel the selected download (.part kept)"
        case .open: "open the chosen URL in the browser"
        case .copy: "copy the chosen URL (OSC 52)"
        case .nextURL: "choose the URL o and y act on"
        case .previousURL: "choose the previous URL"
        case .cyclePreview: "preview: thumbnail → last frame → palette"
        case .showLog: "the log: the last 200 messages with their times"
        case .commandLine: "command line: :sort, :theme, :track… (:help)"
        }
    }
}

public struct Binding: Hashable, Sendable {
    public let keys: [Key]
    public let command: Command

    public init(_ command: Command, _ keys: [Key]) { self.command = command; self.keys = keys }

    /// How help shows the keys.
    public var label: String { keys.map(KeyName.display).joined(separator: " ") }
    public var help: String { command.help }
}

/// Which keys run which command: the defaults, or the defaults with the config's `[keys]`
/// replacing some actions' keys (`KeyBindings.apply` checks that no key runs two actions).
public struct Keymap: Hashable, Sendable {
    /// In the order help lists them.
    public let bindings: [Binding]
    private let table: [Key: Command]

    public init(bindings: [Binding]) {
        self.bindings = bindings
        var t: [Key: Command] = [:]
        for b in bindings { for k in b.keys where t[k] == nil { t[k] = b.command } }
        table = t
    }

    public static let `default` = Keymap(bindings: [
        Binding(.moveUp, [.up, .char("k")]),
        Binding(.moveDown, [.down, .char("j")]),
        Binding(.first, [.char("g"), .home]),
        Binding(.last, [.char("G"), .end]),
        Binding(.pageUp, [.pageUp, .ctrl("u")]),
        Binding(.pageDown, [.pageDown, .ctrl("d")]),
        Binding(.zoom, [.enter]),
        Binding(.switchFocus, [.tab, .backTab]),
        Binding(.add, [.char("a")]),
        Binding(.newGeneration, [.char("n")]),
        Binding(.extend, [.char("e")]),
        Binding(.again, [.char("N")]),
        Binding(.untrack, [.char("x")]),
        Binding(.delete, [.char("X")]),
        Binding(.refresh, [.char("r")]),
        Binding(.refreshAll, [.char("R")]),
        Binding(.filter, [.char("/")]),
        Binding(.clearFilter, [.escape]),
        Binding(.cycleSort, [.char("s")]),
        Binding(.help, [.char("?")]),
        Binding(.quit, [.char("q"), .ctrl("c")]),
        Binding(.cycleTheme, [.char("t")]),
        Binding(.download, [.char("d")]),
        Binding(.downloadAll, [.char("D")]),
        Binding(.cancelDownload, [.char("c")]),
        Binding(.open, [.char("o")]),
        Binding(.copy, [.char("y")]),
        Binding(.nextURL, [.char("u"), .right]),
        Binding(.previousURL, [.char("U"), .left]),
        Binding(.cyclePreview, [.char("p")]),
        Binding(.showLog, [.char("L")]),
        Binding(.commandLine, [.char(":")]),
    ])

    public func command(for key: Key) -> Command? { table[key] }

    /// How a message names the key of `command`: the user's first key for it, else `:` and its name.
    public func name(of command: Command) -> String {
        keys(for: command).first.map(KeyName.display) ?? "[\(command.rawValue)]"
    }

    public func keys(for command: Command) -> [Key] {
        bindings.first { $0.command == command }?.keys ?? []
    }

    /// The same map with `command` on `keys` instead of its own.
    public func replacing(_ command: Command, with keys: [Key]) -> Keymap {
        Keymap(bindings: bindings.map { $0.command == command ? Binding(command, keys) : $0 })
    }

    /// The short hints of the bottom bar, most needed last: an action with no key has none.
    static let hinted: [(commands: [Command], word: String)] = [
        ([.moveUp, .moveDown], "move"), ([.add], "add"), ([.newGeneration], "new"), ([.extend], "extend"),
        ([.again], "again"), ([.download], "download"), ([.open], "open"), ([.copy], "copy"),
        ([.refresh], "refresh"), ([.filter], "filter"), ([.help], "help"), ([.quit], "quit"),
    ]
    /// Dropped first as the bar narrows; help and quit never.
    static let droppedFirst: [Command] = [.refresh, .copy, .open, .again, .extend, .filter, .download]

    /// Each hint's first command and its text (`↑↓ move`, `q quit`), from the keys in this map.
    var hintItems: [(command: Command, text: String)] {
        Self.hinted.compactMap { commands, word in
            let names = commands.compactMap { keys(for: $0).first.map(KeyName.display) }
            guard names.count == commands.count else { return nil }
            // Arrows read as one glyph pair; other keys are told apart by a slash.
            let arrows = names.allSatisfy { ["↑", "↓", "←", "→"].contains($0) }
            return (commands[0], names.joined(separator: arrows ? "" : "/") + " " + word)
        }
    }

    public var hints: String { hintItems.map(\.text).joined(separator: "  ") }

    /// The hints that fit `width` columns: the least needed go first, help and quit never.
    public func hints(fitting width: Int) -> String {
        var items = hintItems
        for dropped in Self.droppedFirst {
            if TextWidth.of(items.map(\.text).joined(separator: "  ")) <= width { break }
            items.removeAll { $0.command == dropped }
        }
        return items.map(\.text).joined(separator: "  ")
    }
}
