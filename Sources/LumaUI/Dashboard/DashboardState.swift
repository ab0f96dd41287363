import Foundation
import LumaKit

public enum SortOrder: CaseIterable, Hashable, Sendable {
    case newestFirst, byState, byTimeInState

    public var label: String {
        switch self {
        case .newestFirst: "newest first"
        case .byState: "by state"
        case .byTimeInState: "by time in state"
        }
    }
}

public enum Focus: Hashable, Sendable { case list, detail }

/// A press of the left button on a list row.
public struct Click: Hashable, Sendable {
    public var id: String
    public var at: Date
}

/// What the input line is asking for, when it is open.
public enum Prompt: Hashable, Sendable {
    case addIDs
    case filter
    case confirmUntrack(String)
    /// Quit while this many downloads are queued or running?
    case confirmQuit(Int)
    /// `:`, a command line. `choices`: what the last Tab found when it did not complete the word
    /// (several, or none); nil until Tab is pressed, and again after an edit.
    case command(choices: [String]? = nil)
}

public struct Message: Hashable, Sendable {
    public var text: String
    public var isError: Bool
    public var until: Date
    /// Stays until the next key (a broken theme), not for a few seconds.
    public var untilKey = false
}

/// Everything the screen shows that is not in the store: selection, focus, filter, prompts.
public struct DashboardState: Hashable, Sendable {
    public var selectedID: String?
    public var focus: Focus = .list
    public var zoomed = false
    public var detailScroll = 0
    public var filter = ""
    public var prompt: Prompt?
    /// `X` asked whether to delete this generation on the provider (y/n).
    public var confirmingDelete: String?
    public var input = InputLine()
    /// What the last refused `a` line held, offered again on the next `a`.
    public var rejectedInput = ""
    /// The same for the last refused `:` line.
    public var rejectedCommand = ""
    public var sort: SortOrder = .newestFirst
    /// The sort turned the other way (a second click on its column header).
    public var sortReversed = false
    /// The last click on a list row, to tell a double click.
    public var lastClick: Click?
    public var showHelp = false
    /// Help lines scrolled past, when the terminal is too short for all of them.
    public var helpScroll = 0
    /// The bottom bar's messages, with their times (`L`), and whether and how far back it shows.
    public var log: [LogEntry] = []
    public var showLog = false
    public var logScroll = 0
    public var message: Message?
    /// The first list row shown (the list scrolls to keep the selection visible).
    public var listTop = 0
    /// Which URL `o` and `y` act on.
    public var urlChoice: MediaChoice = .video
    /// What the detail pane shows of the picture: `p` cycles it.
    public var previewChoice: PreviewChoice = .thumbnail
    /// The new-generation form, while it is open: its keys are its own.
    public var form: GenerationForm?
    /// What the form last sent, offered again by the next `n` (while the dashboard runs).
    public var lastSent: GenerationForm.Values?
    /// The keys (the defaults, or the config's) and the list's columns (`ColumnID`).
    public var keymap = Keymap.default
    public var columns = ColumnID.defaultOrder

    public static let messageSeconds: TimeInterval = 3

    public init() {}

    /// The rows the list shows, filtered and sorted.
    public func rows(_ snapshot: StoreSnapshot) -> [TrackedGeneration] {
        let generations = snapshot.generations
        return rowOrder(snapshot).map { generations[$0] }
    }

    /// Where each row of the list is in `snapshot.generations`, filtered and sorted. The frame
    /// works from this so that only the rows on screen are copied, not all 10,000.
    public func rowOrder(_ snapshot: StoreSnapshot) -> [Int] {
        snapshot.generations.withUnsafeBufferPointer { rowOrder($0) }
    }

    private func rowOrder(_ generations: UnsafeBufferPointer<TrackedGeneration>) -> [Int] {
        let needle = filter.lowercased()
        let shown = needle.isEmpty ? Array(generations.indices) : generations.indices.filter { Self.matches(generations[$0], needle) }
        // Each key is read once, in place (a buffer pointer, LumaKit's inlinable getters): read
        // inside the comparator, it copied a whole answer per comparison, and read off a copy of
        // each row it still cost much of a frame at ten thousand rows.
        let order: [Int]
        switch sort {
        case .newestFirst:
            let created = shown.map { generations[$0].created }
            order = shown.indices.sorted { created[$0] > created[$1] }
        case .byState:
            let keys = shown.map { (rank: Self.stateRank(generations[$0]), since: generations[$0].stateChangedAt) }
            order = shown.indices.sorted { a, b in
                keys[a].rank != keys[b].rank ? keys[a].rank < keys[b].rank : keys[a].since < keys[b].since
            }
        case .byTimeInState:
            let since = shown.map { generations[$0].stateChangedAt }
            order = shown.indices.sorted { since[$0] < since[$1] }
        }
        return sortReversed ? order.reversed().map { shown[$0] } : order.map { shown[$0] }
    }

    /// Whether the filter (lowercased) lets a generation through.
    static func matches(_ g: TrackedGeneration, _ needle: String) -> Bool {
        g.id.lowercased().contains(needle)
            || (g.generation?.prompt?.lowercased().contains(needle) ?? false)
            || g.condition.word.lowercased().contains(needle)
    }

    /// Work in progress first, finished last.
    static func stateRank(_ g: TrackedGeneration) -> Int {
        switch g.condition {
        case .state(.processing): 0
        case .state(.pending), .waiting: 1
        case .state(.unknown), .retrying: 2
        case .authError, .notFound, .invalid: 3
        case .state(.failed): 4
        case .state(.completed): 5
        }
    }

    /// The selected row, falling back to the first when the selection is gone.
    public func selected(in rows: [TrackedGeneration]) -> TrackedGeneration? {
        rows.first { $0.id == selectedID } ?? rows.first
    }

    /// The same as `selected(in: rows(snapshot))`, from the row order: the selection is found by
    /// the store's index, not by looking through every row.
    func selected(_ snapshot: StoreSnapshot, order: [Int]) -> TrackedGeneration? {
        if let id = selectedID, let g = snapshot[id], filter.isEmpty || Self.matches(g, filter.lowercased()) { return g }
        return order.first.map { snapshot.generations[$0] }
    }

    public func activeMessage(at now: Date) -> Message? {
        guard let m = message, now < m.until else { return nil }
        return m
    }

    /// Every message of the bottom bar comes through here, cleaned: many quote an id, a state
    /// word or an error from outside.
    mutating func say(_ text: String, error: Bool = false, now: Date) {
        message = Message(text: UntrustedText.line(text), isError: error, until: now + Self.messageSeconds)
        keep(LogEntry(at: now, text: message!.text, isError: error))
    }

    /// A transient message from outside the keys (a save failed, a file was set aside); with
    /// `untilKey` it stays until a key is pressed.
    public mutating func notify(_ text: String, isError: Bool, now: Date, untilKey: Bool = false) {
        say(text, error: isError, now: now)
        if untilKey {
            message?.until = .distantFuture
            message?.untilKey = true
        }
    }
}

/// A one-line text editor for the `a`, `/` and `:` prompts.
public struct InputLine: Hashable, Sendable {
    public var text = ""
    /// In characters.
    public var cursor = 0

    public init(text: String = "") {
        self.text = text
        cursor = text.count
    }

    /// Puts text at the cursor (a paste), up to `limit` characters in the line.
    mutating func insert(_ more: String, limit: Int = 100_000) {
        var chars = Array(text)
        let room = max(0, limit - chars.count)
        let added = Array(more.prefix(room))
        chars.insert(contentsOf: added, at: cursor)
        cursor += added.count
        text = String(chars)
    }

    /// Returns false for keys it does not handle (Enter, Esc). The form's editor does the work.
    mutating func edit(_ key: Key) -> Bool {
        var editor = EditableText(text, cursor: cursor, multiline: false)
        guard editor.edit(key) else { return false }
        text = editor.text
        cursor = editor.cursor
        return true
    }
}
