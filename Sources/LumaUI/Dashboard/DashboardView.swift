import Foundation
import LumaKit

/// Everything one frame depends on.
public struct Frame: Sendable {
    public var state: DashboardState
    public var snapshot: StoreSnapshot
    public var width: Int
    public var height: Int
    public var now: Date
    public var theme: Theme = .default
    public var colorMode: ColorMode = .indexed256
    /// ASCII alone when the locale is not UTF-8.
    public var glyphs: Glyphs = .unicode
    public var host: String
    /// nil: the system's own (see `LocalTime`).
    public var timeZone: TimeZone? = nil
    /// Downloads queued, running or failed, by id.
    public var downloads: [String: DownloadStatus] = [:]
    /// Ids whose saved file is gone from the disk (the loop looks for the selected one's).
    public var savedFilesMissing: Set<String> = []
    /// The state directory cannot be written: the title says changes are not kept.
    public var changesNotKept = false
    /// `state.rowOrder(snapshot)` when the caller has it already (a `RowOrderCache`); nil: sorted here.
    public var rowOrder: [Int]?
    /// `Census(snapshot)` when the caller has it already; nil: counted here.
    public var census: Census?
    /// The selected generation's picture, as far as the runtime has it.
    public var preview: PreviewContent?
    /// How previews are drawn on this terminal, for the help (`PreviewMode.summary`).
    public var previewSummary: String?

    public init(state: DashboardState, snapshot: StoreSnapshot, width: Int, height: Int, now: Date, host: String,
                theme: Theme = .default, colorMode: ColorMode = .indexed256, timeZone: TimeZone? = nil,
                downloads: [String: DownloadStatus] = [:]) {
        self.state = state; self.snapshot = snapshot; self.width = width; self.height = height; self.now = now
        self.host = host; self.theme = theme; self.colorMode = colorMode; self.timeZone = timeZone
        self.downloads = downloads
    }
}

/// The whole dashboard as a pure function of a frame.
public enum DashboardView {
    public static let minimumWidth = 40
    public static let minimumHeight = 12
    /// From this width the list and the detail stand side by side.
    public static let sideBySideWidth = 120

    public struct Layout: Hashable, Sendable {
        public var list: Rect?
        public var detail: Rect?
    }

    public static func layout(width: Int, height: Int, zoomed: Bool) -> Layout {
        let body = Rect(x: 0, y: 1, width: width, height: height - 2)
        if zoomed { return Layout(list: nil, detail: body) }
        if width >= sideBySideWidth {
            let listWidth = width * 3 / 5
            return Layout(list: Rect(x: 0, y: body.y, width: listWidth, height: body.height),
                          detail: Rect(x: listWidth + 2, y: body.y, width: width - listWidth - 2, height: body.height))
        }
        let listHeight = max(4, body.height / 2)
        return Layout(list: Rect(x: 0, y: body.y, width: width, height: listHeight),
                      detail: Rect(x: 0, y: body.y + listHeight + 1, width: width, height: body.height - listHeight - 1))
    }

    /// Where the form shows: over the detail pane beside the list, else over the whole body (a
    /// stacked detail pane is too short for it).
    static func formArea(_ l: Layout, width: Int, height: Int) -> Rect {
        if let list = l.list, let detail = l.detail, detail.x > list.maxX {
            return Rect(x: list.maxX, y: detail.y, width: width - list.maxX, height: detail.height)
        }
        return Rect(x: 0, y: 1, width: width, height: height - 2)
    }

    /// Rows of the list that show at once, for paging and scrolling.
    public static func listRows(width: Int, height: Int, zoomed: Bool) -> Int {
        max(1, (layout(width: width, height: height, zoomed: zoomed).list?.height ?? 2) - 1)
    }

    public static func render(_ f: Frame) -> Buffer { compose(f).buffer }

    /// A frame's cells, and where a picture the terminal draws itself (sixel, iTerm2) goes.
    public struct Composed {
        public var buffer: Buffer
        public var graphic: Rect?
    }

    /// The picture the selected generation's detail shows in this frame and the room it has, in
    /// cells; nil when the pane shows none (the palette is chosen, or nothing is completed).
    public static func previewRequest(_ f: Frame) -> (url: String, room: (columns: Int, rows: Int))? {
        guard f.width >= minimumWidth, f.height >= minimumHeight,
              let detail = layout(width: f.width, height: f.height, zoomed: f.state.zoomed).detail,
              let g = f.state.selected(f.snapshot, order: f.rowOrder ?? f.state.rowOrder(f.snapshot)),
              g.generation?.state == .completed, let url = f.state.previewChoice.url(in: g.generation) else { return nil }
        return (url, DetailPane.previewRoom(g, extras: extras(f, g), in: detail, large: f.state.zoomed, now: f.now))
    }

    static func extras(_ f: Frame, _ selected: TrackedGeneration?) -> DetailPane.Extras {
        var extras = DetailPane.Extras(download: selected.flatMap { f.downloads[$0.id] },
                          eta: selected.flatMap { f.snapshot.estimates.eta(for: $0, now: f.now) },
                          urlChoice: f.state.urlChoice,
                          savedFileMissing: selected.map { f.savedFilesMissing.contains($0.id) } ?? false,
                          previewChoice: f.state.previewChoice, preview: f.preview)
        extras.extends = selected.flatMap(Lineage.parent)
        extras.keymap = f.state.keymap
        extras.extendedBy = selected.map { Lineage.children(of: $0.id, in: f.snapshot) } ?? []
        return extras
    }

    public static func compose(_ f: Frame) -> Composed {
        var composed = composeCells(f)
        if f.glyphs == .ascii { composed.buffer.makeASCII() }
        return composed
    }

    private static func composeCells(_ f: Frame) -> Composed {
        var graphic: Rect?
        var buffer = Buffer(width: f.width, height: f.height, fill: Cell(" ", style: f.theme[.normal]))
        guard f.width >= minimumWidth, f.height >= minimumHeight else {
            let text = "terminal too small (\(f.width)×\(f.height))"
            let y = max(0, f.height / 2)
            buffer.put(TextWidth.truncate(text, to: f.width), x: max(0, (f.width - TextWidth.of(text)) / 2), y: y,
                       style: f.theme[.warning])
            return Composed(buffer: buffer, graphic: nil)
        }
        let theme = f.theme
        TitleBar.draw(f.snapshot, census: f.census ?? Census(f.snapshot), host: f.host, in: Rect(x: 0, y: 0, width: f.width, height: 1), into: &buffer,
                      theme: theme, timeZone: f.timeZone, now: f.now, changesNotKept: f.changesNotKept)
        // The rows stay positions in the snapshot: the table copies only those it shows.
        let order = f.rowOrder ?? f.state.rowOrder(f.snapshot)
        let generations = f.snapshot.generations
        let rows = order.lazy.map { generations[$0] }
        let selected = f.state.selected(f.snapshot, order: order)
        let l = layout(width: f.width, height: f.height, zoomed: f.state.zoomed)
        if let list = l.list {
            GenerationTable.draw(rows, selected: selected?.id, top: f.state.listTop, focused: f.state.focus == .list,
                                 downloads: f.downloads, estimates: f.snapshot.estimates, filter: f.state.filter, sort: f.state.sort,
                                 reversed: f.state.sortReversed, order: f.state.columns, keymap: f.state.keymap, in: list, into: &buffer,
                                 theme: theme, now: f.now)
        }
        if let detail = l.detail {
            // A rule between the panes: vertical side by side, horizontal when stacked.
            if let list = l.list, detail.x > list.maxX {
                for y in detail.y..<detail.maxY { buffer.put("│", x: list.maxX, y: y, style: theme[.border]) }
            } else if l.list != nil {
                let label = f.state.focus == .detail ? "─ detail (Tab: list) " : "─ detail "
                buffer.put(label + String(repeating: "─", count: max(0, f.width - label.count)), x: 0, y: detail.y - 1,
                           style: f.state.focus == .detail ? theme[.accent] : theme[.border])
            }
            graphic = DetailPane.draw(selected, extras: extras(f, selected), scroll: f.state.detailScroll, in: detail,
                                      into: &buffer, theme: theme, mode: f.colorMode, now: f.now, timeZone: f.timeZone).graphic
        }
        if let form = f.state.form {
            FormView.draw(form, in: formArea(l, width: f.width, height: f.height), into: &buffer, theme: theme)
            graphic = nil  // the form covers it
        }
        StatusBar.draw(f.state, f.snapshot, now: f.now, in: Rect(x: 0, y: f.height - 1, width: f.width, height: 1),
                       into: &buffer, theme: theme)
        if f.state.showLog {
            LogOverlay.draw(f.state.log, scroll: f.state.logScroll, in: Rect(x: 0, y: 1, width: f.width, height: f.height - 2),
                            timeZone: f.timeZone, into: &buffer, theme: theme)
            graphic = nil  // the log covers it
        }
        if f.state.showHelp {
            HelpOverlay.draw(f.state.keymap, in: Rect(x: 0, y: 1, width: f.width, height: f.height - 2), scroll: f.state.helpScroll,
                             footer: f.previewSummary, into: &buffer, theme: theme)
            graphic = nil  // the help box covers it
        }
        return Composed(buffer: buffer, graphic: graphic)
    }
}

extension DashboardState {
    /// Moves `listTop` so the selected row is visible in `visibleRows` rows. `order` is
    /// `rowOrder(snapshot)` when the caller has it already.
    public mutating func scrollIntoView(_ snapshot: StoreSnapshot, order: [Int]? = nil, visibleRows: Int) {
        let order = order ?? rowOrder(snapshot)
        guard let sel = selected(snapshot, order: order), let position = snapshot.position(of: sel.id),
              let i = order.firstIndex(of: position) else {
            listTop = 0
            return
        }
        if i < listTop { listTop = i }
        if i >= listTop + visibleRows { listTop = i - visibleRows + 1 }
        listTop = max(0, min(listTop, max(0, order.count - visibleRows)))
    }

    /// Whether a clock tick can change what shows: ages and countdowns move only while some
    /// generation is active, or a message or a rate-limit banner is on screen.
    public func needsTicks(_ snapshot: StoreSnapshot, now: Date, census: Census? = nil) -> Bool {
        if activeMessage(at: now) != nil { return true }
        if let until = snapshot.status.rateLimitedUntil, until > now { return true }
        return (census ?? Census(snapshot)).open > 0
    }
}
