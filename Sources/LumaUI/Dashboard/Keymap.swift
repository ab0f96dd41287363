/// What a key does. The help overlay is generated from the same table that dispatches keys.
public enum Command: Hashable, Sendable {
    case moveUp, moveDown, first, last, pageUp, pageDown
    case zoom, switchFocus, add, untrack, refresh, refreshAll, filter, clearFilter, cycleSort, cycleTheme, help, quit
    case download, downloadAll, cancelDownload, open, copy, nextURL, previousURL, cyclePreview, showLog
    case newGeneration, extend, again
    case delete
}

public struct Binding: Sendable {
    public let keys: [Key]
    /// How help shows the keys.
    public let label: String
    public let command: Command
    public let help: String
}

public enum Keymap {
    public static let bindings: [Binding] = [
        Binding(keys: [.up, .char("k")], label: "↑ k", command: .moveUp, help: "move up"),
        Binding(keys: [.down, .char("j")], label: "↓ j", command: .moveDown, help: "move down"),
        Binding(keys: [.char("g"), .home], label: "g Home", command: .first, help: "first"),
        Binding(keys: [.char("G"), .end], label: "G End", command: .last, help: "last"),
        Binding(keys: [.pageUp, .ctrl("u")], label: "PgUp ^U", command: .pageUp, help: "page up"),
        Binding(keys: [.pageDown, .ctrl("d")], label: "PgDn ^D", command: .pageDown, help: "page down"),
        Binding(keys: [.enter], label: "Enter", command: .zoom, help: "zoom the detail pane"),
        Binding(keys: [.tab, .backTab], label: "Tab", command: .switchFocus, help: "focus list / detail (detail scrolls)"),
        Binding(keys: [.char("a")], label: "a", command: .add, help: "add task ids"),
        Binding(keys: [.char("n")], label: "n", command: .newGeneration, help: "new generation (a form; ^S creates)"),
        Binding(keys: [.char("e")], label: "e", command: .extend, help: "extend the selected completed generation"),
        Binding(keys: [.char("N")], label: "N", command: .again, help: "again: a new one from the selected prompt"),
        Binding(keys: [.char("x")], label: "x", command: .untrack, help: "untrack the selected generation"),
        Binding(keys: [.char("X")], label: "X", command: .delete, help: "delete the selected one on the provider (Luma API)"),
        Binding(keys: [.char("r")], label: "r", command: .refresh, help: "refresh the selected one now (or retry the key)"),
        Binding(keys: [.char("R")], label: "R", command: .refreshAll, help: "refresh all now"),
        Binding(keys: [.char("/")], label: "/", command: .filter, help: "filter by id, prompt or state"),
        Binding(keys: [.escape], label: "Esc", command: .clearFilter, help: "clear the filter, close zoom"),
        Binding(keys: [.char("s")], label: "s", command: .cycleSort, help: "cycle the sort order"),
        Binding(keys: [.char("?")], label: "?", command: .help, help: "this help"),
        Binding(keys: [.char("q"), .ctrl("c")], label: "q ^C", command: .quit, help: "quit (q in the zoomed view closes it)"),
        Binding(keys: [.char("t")], label: "t", command: .cycleTheme, help: "next theme"),
        Binding(keys: [.char("d")], label: "d", command: .download, help: "download the selected video"),
        Binding(keys: [.char("D")], label: "D", command: .downloadAll, help: "download every completed video not saved yet"),
        Binding(keys: [.char("c")], label: "c", command: .cancelDownload, help: "cancel the selected download (.part kept)"),
        Binding(keys: [.char("o")], label: "o", command: .open, help: "open the chosen URL in the browser"),
        Binding(keys: [.char("y")], label: "y", command: .copy, help: "copy the chosen URL (OSC 52)"),
        Binding(keys: [.char("u"), .right], label: "u →", command: .nextURL, help: "choose the URL o and y act on"),
        Binding(keys: [.char("U"), .left], label: "U ←", command: .previousURL, help: "choose the previous URL"),
        Binding(keys: [.char("p")], label: "p", command: .cyclePreview, help: "preview: thumbnail → last frame → palette"),
        Binding(keys: [.char("L")], label: "L", command: .showLog, help: "the log: the last 200 messages with their times"),
    ]

    private static let table: [Key: Command] = {
        var t: [Key: Command] = [:]
        for b in bindings { for k in b.keys { t[k] = b.command } }
        return t
    }()

    public static func command(for key: Key) -> Command? { table[key] }

    /// The short hints of the bottom bar.
    public static let hintItems = ["↑↓ move", "a add", "n new", "e extend", "N again", "d download", "o open", "y copy",
                                   "r refresh", "/ filter", "? help", "q quit"]
    public static let hints = hintItems.joined(separator: "  ")

    /// The hints that fit `width` columns: the least needed go first, help and quit never.
    public static func hints(fitting width: Int) -> String {
        var items = hintItems
        for dropped in ["r refresh", "y copy", "o open", "N again", "e extend", "/ filter", "d download"] {
            if TextWidth.of(items.joined(separator: "  ")) <= width { break }
            items.removeAll { $0 == dropped }
        }
        return items.joined(separator: "  ")
    }
}
