import Foundation
import LumaKit

/// The selected generation in full: id, state, times, the wrapped prompt, every URL, the palette,
/// the last error and the next poll.
public enum DetailPane {
    enum Row {
        case text(String, Role)
        case field(String, String, Role)
        /// A field that is one of the generation's URLs: a click on it chooses it.
        case link(MediaChoice, String, String, Role)
        case palette(Palette?)
        /// A picture drawn in coloured characters.
        case picture(CellImage)
        /// Cells the terminal draws itself.
        case graphic(PreviewGraphic)
    }

    static let labelWidth = 11

    /// What the pane shows besides the generation: its download, its ETA, and the URL `o` and
    /// `y` act on.
    public struct Extras: Sendable {
        public var download: DownloadStatus?
        public var eta: ETA?
        public var urlChoice: MediaChoice
        /// The saved file is no longer on the disk.
        public var savedFileMissing: Bool
        public var previewChoice: PreviewChoice
        /// The selected generation's picture, as far as the runtime has it.
        public var preview: PreviewContent?
        /// The generation this one extends, and those that extend it.
        public var extends: String?
        public var extendedBy: [String] = []
        /// Whose keys the hints name.
        public var keymap = Keymap.default
        public init(download: DownloadStatus? = nil, eta: ETA? = nil, urlChoice: MediaChoice = .video,
                    savedFileMissing: Bool = false, previewChoice: PreviewChoice = .palette, preview: PreviewContent? = nil) {
            self.download = download; self.eta = eta; self.urlChoice = urlChoice; self.savedFileMissing = savedFileMissing
            self.previewChoice = previewChoice; self.preview = preview
        }
    }

    static func rows(_ g: TrackedGeneration, _ extras: Extras, valueWidth: Int, now: Date, timeZone: TimeZone?) -> [Row] {
        var rows: [Row] = [.field("id", UntrustedText.line(g.id), .accent)]
        if let parent = extras.extends { rows.append(.field("extends", UntrustedText.line(parent), .accent)) }
        if !extras.extendedBy.isEmpty {
            rows.append(.field("extended by", UntrustedText.line(extras.extendedBy.joined(separator: " ")), .accent))
        }
        if g.isRecent { rows.append(.field("list", "recent: in the account's list, not tracked (a tracks it)", .muted)) }
        let role = Theme.role(for: g.condition)
        rows.append(.field("state", "\(GenerationTable.glyph(g.condition)) \(UntrustedText.line(g.conditionWord))", role))
        if let reason = g.generation?.failureReason {
            rows.append(.field("failure", UntrustedText.line(reason), .stateFailed))
        }
        if let created = g.generation?.created {
            rows.append(.field("created", LocalTime.text(created, in: timeZone), .normal))
        }
        rows.append(.field("in state", TextReport.age(now.timeIntervalSince(g.stateChangedAt)), .normal))
        if let eta = extras.eta { rows.append(.field("ETA", "\(eta.text) (\(eta.basis))", .normal)) }
        if let gen = g.generation {
            let size = [gen.aspectRatio.map(UntrustedText.line), gen.width.map { _ in TextReport.resolution(gen) },
                        gen.durationSeconds.map { _ in TextReport.duration(gen) }].compactMap { $0 }
            if !size.isEmpty { rows.append(.field("aspect", size.joined(separator: "  "), .normal)) }
            // What was asked for (the official API says it): an image has no duration.
            let asked = [gen.model, gen.resolution, gen.isImage ? "image" : gen.requestedDuration].compactMap { $0 }
            if !asked.isEmpty {
                rows.append(.field(gen.model == nil ? "asked" : "model", UntrustedText.line(asked.joined(separator: "  ")), .normal))
            }
            rows.append(.field("prompt", UntrustedText.block(gen.prompt ?? "—"), .normal))
            // The URL `o` and `y` act on is marked; `u` moves the mark.
            let chosen = extras.urlChoice.effective(in: gen)?.choice
            for choice in MediaChoice.allCases {
                guard var url = choice.url(in: gen), !url.isEmpty else { continue }
                if choice == .rawVideo, let d = Bounded.videoDuration(gen.rawMedia?.duration) { url += "  (\(String(format: "%.2f", d))s)" }
                let mark = choice == chosen ? "▸" : " "
                rows.append(.link(choice, mark + choice.label, UntrustedText.line(url), choice == chosen ? .keyhint : .accent))
            }
            if chosen != nil {
                let k = extras.keymap
                let hint = "▸ \(k.name(of: .open)) opens · \(k.name(of: .copy)) copies · \(k.name(of: .nextURL)) chooses"
                rows.append(.field("", hint, .muted))
            }
            if let d = extras.download {
                let failed = if case .failed = d.phase { true } else { false }
                rows.append(.field("saving", ProgressLine.text(d, width: valueWidth), failed ? .error : .accent))
            }
            if let path = g.savedPath {
                if extras.savedFileMissing {
                    rows.append(.field("saved", UntrustedText.line(path) + " (gone: d fetches it again)", .error))
                } else {
                    rows.append(.field("saved", UntrustedText.line(path), .normal))
                }
            }
            rows += PreviewBlock.rows(gen, extras)
        } else {
            rows.append(.text("no answer yet", .muted))
        }
        if let error = g.lastError {
            rows.append(.field("last error", UntrustedText.line(error.message), .error))
        }
        if let next = g.nextPollAt {
            let wait = Bounded.wholeSeconds(Bounded.wait(next.timeIntervalSince(now)))
            rows.append(.field("next poll", wait == 0 ? "now" : "in \(wait)s", .muted))
        } else if g.isFinished {
            rows.append(.field("next poll", "not polled (finished); \(extras.keymap.name(of: .refresh)) refreshes", .muted))
        }
        return rows
    }


    /// What a drawing of the pane came to.
    public struct Drawn: Hashable, Sendable {
        public var lines = 0
        /// Where a picture the terminal draws itself landed, when every row of it shows.
        public var graphic: Rect?
    }

    /// Draws into `area`, skipping the first `scroll` lines.
    @discardableResult
    public static func draw(_ g: TrackedGeneration?, extras: Extras = Extras(), scroll: Int, in area: Rect,
                            into buffer: inout Buffer, theme: Theme, mode: ColorMode, now: Date,
                            timeZone: TimeZone? = nil) -> Drawn {
        guard area.width > 0, area.height > 0 else { return Drawn() }
        guard let g else {
            buffer.put("nothing selected", x: area.x, y: area.y, style: theme[.muted], limit: area.width)
            return Drawn(lines: 1)
        }
        let (lines, graphicLine, _) = lay(g, extras, in: area, theme: theme, mode: mode, now: now, timeZone: timeZone)
        let first = firstLine(scroll: scroll, lines: lines.count)
        // The palette draws all its rows from its first line; make sure a partly scrolled one still shows.
        for (offset, line) in lines.enumerated() where offset >= first && offset - first < area.height {
            line(&buffer, area.y + offset - first)
        }
        if lines.count - first > area.height {
            // More below: scrolled with Tab and ↓ (the detail has focus) or PgDn.
            let more = " more ↓"
            buffer.put(more, x: area.maxX - TextWidth.of(more), y: area.maxY - 1, style: theme[.muted])
        }
        var drawn = Drawn(lines: lines.count)
        if let (at, graphic) = graphicLine, at >= first, at - first + graphic.rows <= area.height {
            drawn.graphic = Rect(x: area.x + 1, y: area.y + at - first, width: graphic.columns, height: graphic.rows)
        }
        return drawn
    }

    /// Columns and rows left for the picture below everything else the pane shows; at least
    /// `PreviewBlock.minimumRows`, so on a short pane it is one scroll away. `large` (the zoomed
    /// view) gives it nearly the whole pane.
    public static func previewRoom(_ g: TrackedGeneration, extras: Extras, in area: Rect, large: Bool,
                                   now: Date) -> (columns: Int, rows: Int) {
        var probe = extras
        probe.preview = .graphic(PreviewGraphic(columns: 0, rows: 0))
        let others = lay(g, probe, in: area, theme: .default, mode: .none, now: now, timeZone: nil).lines.count
        let left = area.height - others
        let rows = max(PreviewBlock.minimumRows, large ? max(left, area.height - 3) : left)
        return (max(1, area.width - 2), rows)
    }

    /// The first line shown when `scroll` lines are scrolled past: the last line stays.
    static func firstLine(scroll: Int, lines: Int) -> Int { max(0, min(scroll, lines - 1)) }

    /// The URL on row `y` of the screen, when the pane in `area` shows `g` scrolled by `scroll`.
    public static func link(atRow y: Int, _ g: TrackedGeneration, extras: Extras, scroll: Int, in area: Rect,
                            now: Date) -> MediaChoice? {
        guard y >= area.y, y < area.maxY, area.width > 0 else { return nil }
        let laid = lay(g, extras, in: area, theme: .default, mode: .none, now: now, timeZone: nil)
        return laid.links[firstLine(scroll: scroll, lines: laid.lines.count) + y - area.y]
    }

    /// Every row laid out as screen lines (drawn later, from the visible window), the line where
    /// a terminal-drawn picture starts, and the lines that show a URL.
    private static func lay(_ g: TrackedGeneration, _ extras: Extras, in area: Rect, theme: Theme, mode: ColorMode,
                            now: Date, timeZone: TimeZone?)
        -> (lines: [(inout Buffer, Int) -> Void], graphicLine: (Int, PreviewGraphic)?, links: [Int: MediaChoice]) {
        var lines: [(inout Buffer, Int) -> Void] = []
        var graphicLine: (Int, PreviewGraphic)?
        var links: [Int: MediaChoice] = [:]
        let valueWidth = max(1, area.width - labelWidth - 1)
        /// A label, and its value wrapped beside it.
        func field(_ label: String, _ value: String, _ role: Role) {
            for (i, part) in TextWidth.wrap(value, width: valueWidth).enumerated() {
                lines.append({ b, y in
                    if i == 0 { b.put(label, x: area.x, y: y, style: theme[.muted], limit: labelWidth) }
                    b.put(part, x: area.x + labelWidth + 1, y: y, style: theme[role], limit: valueWidth)
                })
            }
        }
        for row in rows(g, extras, valueWidth: valueWidth, now: now, timeZone: timeZone) {
            switch row {
            case .text(let text, let role):
                lines.append({ b, y in b.put(text, x: area.x, y: y, style: theme[role], limit: area.width) })
            case .field(let label, let value, let role):
                field(label, value, role)
            case .link(let choice, let label, let value, let role):
                let start = lines.count
                field(label, value, role)
                for line in start..<lines.count { links[line] = choice }
            case .palette(let palette):
                for r in 0..<PaletteSwatch.height(palette) {
                    lines.append({ b, y in
                        guard r == 0 else { return }
                        var clipped = Buffer(width: area.width, height: PaletteSwatch.height(palette))
                        PaletteSwatch.draw(palette, at: 1, y: 0, into: &clipped, theme: theme, mode: mode)
                        for dy in 0..<clipped.height where y + dy < area.maxY && y + dy >= area.y {
                            for dx in 0..<clipped.width { b[area.x + dx, y + dy] = clipped[dx, dy] }
                        }
                    })
                }
            case .picture(let picture):
                for r in 0..<picture.rows {
                    lines.append({ b, y in picture.draw(row: r, into: &b, x: area.x + 1, y: y) })
                }
            case .graphic(let graphic):
                graphicLine = (lines.count, graphic)
                for r in 0..<graphic.rows {
                    lines.append({ b, y in PreviewBlock.drawGraphic(graphic, row: r, x: area.x + 1, y: y, into: &b) })
                }
            }
        }
        return (lines, graphicLine, links)
    }
}
