import Foundation
import LumaKit

/// The list: one row per generation. Columns drop from the right as the width shrinks; the state,
/// the saved mark and the id never drop. A download in progress takes the prompt's place.
public enum GenerationTable {
    struct Column: Sendable {
        let title: String
        let width: Int
        let value: @Sendable (TrackedGeneration, Date) -> String
    }

    static let state = Column(title: "STATE", width: 12) { g, _ in "\(glyph(g.condition)) \(UntrustedText.line(g.condition.word))" }
    /// `↓`: the video is saved.
    static let saved = Column(title: " ", width: 1) { g, _ in g.savedPath == nil ? " " : "↓" }
    static let id = Column(title: "ID", width: 8) { g, _ in UntrustedText.line(String(g.id.prefix(8))) }
    static let optional: [Column] = [
        Column(title: "RES", width: 9) { g, _ in TextReport.resolution(g.generation) },
        Column(title: "DUR", width: 5) { g, _ in TextReport.duration(g.generation) },
        Column(title: "ASPECT", width: 6) { g, _ in g.generation?.aspectRatio.map(UntrustedText.line) ?? "-" },
        Column(title: "AGE", width: 6) { g, now in TextReport.age(now.timeIntervalSince(g.generation?.created ?? g.firstSeen)) },
        Column(title: "IN STATE", width: 8) { g, now in TextReport.age(now.timeIntervalSince(g.stateChangedAt)) },
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

    /// The columns that fit `width`, and whether the prompt gets the rest.
    static func layout(width: Int) -> (columns: [Column], prompt: Int) {
        let fixed = [state, saved, id]
        var columns = fixed
        var used = fixed.map(\.width).reduce(0, +) + fixed.count - 1
        for c in optional where used + 1 + c.width <= width {
            columns.append(c)
            used += 1 + c.width
        }
        let rest = width - used - 1
        if rest >= promptMinimum { return (columns, rest) }
        // Not enough room for a useful prompt: drop columns from the right until there is.
        while columns.count > fixed.count, width - used - 1 < promptMinimum {
            used -= 1 + columns.removeLast().width
        }
        return (columns, max(0, width - used - 1))
    }

    /// Draws the header and the visible rows; `top` is the first row shown.
    public static func draw<Rows: Collection<TrackedGeneration>>(_ rows: Rows, selected: String?, top: Int, focused: Bool,
                            downloads: [String: DownloadStatus] = [:],
                            in area: Rect, into buffer: inout Buffer, theme: Theme, now: Date) {
        guard area.height > 0 else { return }
        let (columns, promptWidth) = layout(width: area.width)
        var x = area.x
        for c in columns {
            buffer.put(c.title, x: x, y: area.y, style: theme[.muted], limit: c.width)
            x += c.width + 1
        }
        if promptWidth > 0 { buffer.put("PROMPT", x: x, y: area.y, style: theme[.muted], limit: promptWidth) }
        if rows.isEmpty {
            buffer.put("no generations tracked: press a to add task ids", x: area.x, y: area.y + 2,
                       style: theme[.muted], limit: area.width)
            return
        }
        let visible = area.height - 1
        // Looked up once, not per cell: a theme lookup hashes its role.
        let (normal, accent) = (theme[.normal], theme[.accent])
        for (line, g) in rows.dropFirst(top).prefix(visible).enumerated() {
            let y = area.y + 1 + line
            var x = area.x
            for (i, c) in columns.enumerated() {
                let style = i == 0 ? theme[Theme.role(for: g.condition)] : i == 1 ? accent : normal
                buffer.put(TextWidth.truncate(c.value(g, now), to: c.width), x: x, y: y, style: style, limit: c.width)
                x += c.width + 1
            }
            if promptWidth > 0, let download = downloads[g.id] {
                let failed = if case .failed = download.phase { true } else { false }
                buffer.put(ProgressLine.text(download, width: promptWidth), x: x, y: y,
                           style: theme[failed ? .error : .accent], limit: promptWidth)
            } else if promptWidth > 0 {
                let prompt = UntrustedText.line(g.generation?.prompt ?? "")
                buffer.put(TextWidth.truncate(prompt, to: promptWidth), x: x, y: y, style: normal, limit: promptWidth)
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
}
