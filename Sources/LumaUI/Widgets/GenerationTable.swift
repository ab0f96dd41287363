import Foundation
import LumaKit

/// A column of the list, by the name the config file's `columns` uses.
public enum ColumnID: String, CaseIterable, Hashable, Sendable {
    case state, saved, id, res, dur, aspect, age, inState = "in_state", eta, prompt

    /// Every column, in the order the list shows them unless the config says otherwise.
    public static let defaultOrder = allCases
}

/// The list: one row per generation, in the columns chosen (`ColumnID`). Columns drop as the width
/// shrinks, the least useful first; the state, the saved mark and the id never drop. The prompt
/// comes last and takes the rest; a download in progress takes its place.
public enum GenerationTable {
    struct Column: Sendable {
        let id: ColumnID
        let title: String
        let width: Int
        /// The order the optional columns get room in: the highest drops first as the width shrinks.
        var rank = 0
        /// Shown only once the history can estimate something.
        var needsEstimates = false
        let value: @Sendable (TrackedGeneration, Context) -> String
    }

    /// What a cell reads besides its generation.
    struct Context {
        let now: Date
        let estimates: Estimates
    }

    static let state = Column(id: .state, title: "STATE", width: 12) { g, _ in "\(glyph(g.condition)) \(UntrustedText.line(g.conditionWord))" }
    /// `↓`: the video is saved; `·`: one of the account's recent ones, shown but not tracked.
    static let saved = Column(id: .saved, title: " ", width: 1) { g, _ in g.savedPath != nil ? "↓" : g.isRecent ? "·" : " " }
    static let id = Column(id: .id, title: "ID", width: 8) { g, _ in UntrustedText.line(String(g.id.prefix(8))) }
    /// Left to right. The ETA keeps its place longer than the ages: what is left of an active job
    /// matters more than how long it has run.
    static let optional: [Column] = [
        Column(id: .res, title: "RES", width: 9, rank: 0) { g, _ in TextReport.resolution(g.generation) },
        Column(id: .dur, title: "DUR", width: 5, rank: 1) { g, _ in TextReport.duration(g.generation) },
        Column(id: .aspect, title: "ASPECT", width: 6, rank: 2) { g, _ in g.generation?.aspectRatio.map(UntrustedText.line) ?? "-" },
        Column(id: .age, title: "AGE", width: 6, rank: 4) { g, c in TextReport.age(c.now.timeIntervalSince(g.generation?.created ?? g.firstSeen)) },
        Column(id: .inState, title: "IN STATE", width: 8, rank: 5) { g, c in TextReport.age(c.now.timeIntervalSince(g.stateChangedAt)) },
        // Wide enough for `any moment`.
        Column(id: .eta, title: "ETA", width: 10, rank: 3, needsEstimates: true) { g, c in
            c.estimates.eta(for: g, now: c.now)?.text ?? ""
        },
    ]
    static let promptMinimum = 10

    public static func glyph(_ c: TrackedGeneration.Condition) -> String {
        switch c {
        case .state(.pending), .waiting: "○"
        case .state(.processing): "◐"
        case .state(.completed): "✔"
        case .state(.failed): "✖"
        case .state(.unknown): "?"
        case .notFound: "∅"
        case .authError: "!"
        case .retrying: "↻"
        case .invalid: "✖"
        }
    }

    /// The columns of `order` that fit `width`, left to right, and the prompt's width (0: not
    /// shown). `estimating`: the history can estimate something, so the ETA column has a use.
    static func layout(width: Int, estimating: Bool = false, order: [ColumnID] = ColumnID.defaultOrder)
        -> (columns: [Column], prompt: Int) {
        let fixed = [state, saved, id].filter { order.contains($0.id) }
        let withPrompt = order.contains(.prompt)
        // Each column with the space after it.
        var used = fixed.map { $0.width + 1 }.reduce(0, +)
        // The optional columns listed, by the order they get room in.
        let byRank = optional.filter { order.contains($0.id) && (estimating || !$0.needsEstimates) }.sorted { $0.rank < $1.rank }
        var chosen: [Column] = []
        for c in byRank where used + c.width <= width {
            chosen.append(c)
            used += c.width + 1
        }
        // Not enough room for a useful prompt: drop columns until there is.
        while withPrompt, let last = chosen.last, width - used < promptMinimum {
            used -= last.width + 1
            chosen.removeLast()
        }
        let shown = fixed + chosen
        let columns = order.compactMap { id in shown.first { $0.id == id } }
        return (columns, withPrompt ? max(0, width - used) : 0)
    }

    /// Draws the header and the visible rows; `top` is the first row shown. The header ends with
    /// where the selection is (`12/340`); an empty list under a filter says no row matches it.
    public static func draw<Rows: Collection<TrackedGeneration>>(_ rows: Rows, selected: String?, top: Int, focused: Bool,
                            downloads: [String: DownloadStatus] = [:], estimates: Estimates = .none, filter: String = "",
                            sort: SortOrder = .newestFirst, reversed: Bool = false, order: [ColumnID] = ColumnID.defaultOrder,
                            keymap: Keymap = .default, in area: Rect, into buffer: inout Buffer, theme: Theme, now: Date) {
        guard area.height > 0 else { return }
        let (columns, promptWidth) = layout(width: area.width, estimating: !estimates.isEmpty, order: order)
        let (sortedBy, arrow) = sortMark(sort, reversed: reversed)
        let placed = place(columns, from: area.x)
        for (c, x) in placed {
            let used = buffer.put(c.title, x: x, y: area.y, style: theme[.muted], limit: c.width)
            // The column the list is sorted by, and which way: in the gap when the title fills it.
            if c.title == sortedBy { buffer.put(arrow, x: x + used, y: area.y, style: theme[.accent], limit: 1) }
        }
        let promptX = placed.last.map { $0.x + $0.column.width + 1 } ?? area.x
        if promptWidth > 0 { buffer.put("PROMPT", x: promptX, y: area.y, style: theme[.muted], limit: promptWidth) }
        if rows.isEmpty {
            let why = filter.isEmpty ? "no generations tracked: press \(keymap.name(of: .add)) to add task ids"
                : "no match for '\(UntrustedText.line(filter))' (\(keymap.name(of: .clearFilter)) clears the filter)"
            buffer.put(why, x: area.x, y: area.y + 2, style: theme[.muted], limit: area.width)
            return
        }
        if let selected, let index = rows.firstIndex(where: { $0.id == selected }) {
            let position = " \(rows.distance(from: rows.startIndex, to: index) + 1)/\(rows.count)"
            let width = TextWidth.of(position)
            if width < area.width / 2 {
                buffer.put(position, x: area.maxX - width, y: area.y, style: theme[.muted], limit: width)
            }
        }
        let visible = area.height - 1
        // Looked up once, not per cell: a theme lookup hashes its role.
        let (normal, accent) = (theme[.normal], theme[.accent])
        let context = Context(now: now, estimates: estimates)
        for (line, g) in rows.dropFirst(top).prefix(visible).enumerated() {
            let y = area.y + 1 + line
            var x = area.x
            var idX: Int?
            for c in columns {
                let style = c.id == .state ? theme[Theme.role(for: g.condition)] : c.id == .saved ? accent : normal
                if c.id == .id { idX = x }
                buffer.put(TextWidth.truncate(c.value(g, context), to: c.width), x: x, y: y, style: style, limit: c.width)
                x += c.width + 1
            }
            if promptWidth > 0, let download = downloads[g.id] {
                let failed = if case .failed = download.phase { true } else { false }
                buffer.put(ProgressLine.text(download, width: promptWidth), x: x, y: y,
                           style: theme[failed ? .error : .accent], limit: promptWidth)
            } else if promptWidth > 0 {
                let prompt = TextWidth.truncate(UntrustedText.line(g.generation?.prompt ?? ""), to: promptWidth)
                buffer.put(prompt, x: x, y: y, style: normal, limit: promptWidth)
                mark(filter, in: prompt, x: x, y: y, width: promptWidth, into: &buffer, theme: theme)
            }
            if let idX {
                mark(filter, in: String(g.id.prefix(id.width)), x: idX, y: y, width: id.width, into: &buffer, theme: theme)
            }
            if g.id == selected {
                let bar = theme[.selection]
                buffer.restyle(Rect(x: area.x, y: y, width: area.width, height: 1)) { s in
                    s = bar.asBar(over: s)
                    if !focused { s.dim = true }
                }
            }
        }
    }

    /// Where each column starts, one cell between them.
    static func place(_ columns: [Column], from x: Int) -> [(column: Column, x: Int)] {
        var x = x
        return columns.map { c in
            defer { x += c.width + 1 }
            return (c, x)
        }
    }

    /// The sort order of the column whose header is at column `x` of a list drawn in `area`
    /// (its title, the arrow's gap after it); nil when that column sorts nothing.
    public static func sortOrder(atColumn x: Int, in area: Rect, estimating: Bool,
                                 order: [ColumnID] = ColumnID.defaultOrder) -> SortOrder? {
        let hit = place(layout(width: area.width, estimating: estimating, order: order).columns, from: area.x)
            .first { x >= $0.x && x <= $0.x + $0.column.width }
        return hit.flatMap { hit in SortOrder.allCases.first { sortMark($0).title == hit.column.title } }
    }

    /// The header the sort order goes by, and its arrow (↑ smallest first, ↓ largest first);
    /// `reversed` turns the arrow with the order.
    static func sortMark(_ sort: SortOrder, reversed: Bool = false) -> (title: String, arrow: String) {
        let (title, up) = switch sort {
        case .newestFirst: ("AGE", true)
        case .byState: ("STATE", true)
        case .byTimeInState: ("IN STATE", false)
        }
        return (title, up != reversed ? "↑" : "↓")
    }

    /// Underlines where the filter matches `text` (drawn from `x`), so a row shows why it passed.
    static func mark(_ filter: String, in text: String, x: Int, y: Int, width: Int, into buffer: inout Buffer, theme: Theme) {
        guard !filter.isEmpty, let range = text.range(of: filter, options: .caseInsensitive) else { return }
        let start = TextWidth.of(String(text[..<range.lowerBound]))
        let length = TextWidth.of(String(text[range]))
        let highlight = theme[.accent]
        buffer.restyle(Rect(x: x + start, y: y, width: min(length, width - start), height: 1)) { s in
            s.underline = true
            s.foreground = highlight.foreground
        }
    }
}
