import Foundation
import LumaKit

/// The top line: name, service, counts per state, time of the last good poll; first of all, when
/// the state directory cannot be written, that changes are not kept.
public enum TitleBar {
    public static let notKept = "changes not kept"

    public static func draw(_ snapshot: StoreSnapshot, census: Census, host: String, in area: Rect,
                            into buffer: inout Buffer, theme: Theme, timeZone: TimeZone?, changesNotKept: Bool = false) {
        buffer.fill(area, style: theme[.title])
        let countsByWord = census.counts
        let order = Census.documented
        var parts = order.compactMap { word in countsByWord[word].map { "\($0) \(word)" } }
        let others = countsByWord.filter { !order.contains($0.key) }.values.reduce(0, +)
        if others > 0 { parts.append("\(others) other") }
        var lastPoll = ""
        if let last = snapshot.status.lastSuccessAt {
            lastPoll = " │ last poll \(LocalTime.clock(last, in: timeZone))"
        }
        // The account's balance, where the provider says one.
        if let credits = snapshot.status.credits { lastPoll = " │ \(UntrustedText.line(credits))" + lastPoll }
        let name = " lumatop │ "
        let head = name + (changesNotKept ? notKept + " │ " : "") + "\(UntrustedText.line(host)) │ "
        var counts = parts.isEmpty ? "nothing tracked" : parts.joined(separator: "  ")
        if TextWidth.of(head + counts + lastPoll) > area.width {
            // Narrow: glyphs instead of words, so every count still shows.
            let glyphs = ["○", "◐", "✔", "✖"]
            counts = zip(order, glyphs).compactMap { w, g in countsByWord[w].map { "\(g)\($0)" } }.joined(separator: " ")
                + (others > 0 ? " ·\(others)" : "")
        }
        let text = head + counts + lastPoll
        buffer.put(TextWidth.truncate(text, to: area.width), x: area.x, y: area.y, style: theme[.title], limit: area.width)
        if changesNotKept {
            let x = area.x + TextWidth.of(name)
            buffer.put(notKept, x: x, y: area.y, style: theme[.warning], limit: area.maxX - x)
        }
    }
}

/// The bottom line: the open prompt, else a banner while polling is held, else a transient
/// message, else the filter and the key hints.
public enum StatusBar {
    public static func draw(_ state: DashboardState, _ snapshot: StoreSnapshot, now: Date, in area: Rect,
                            into buffer: inout Buffer, theme: Theme) {
        buffer.fill(area, style: theme[.normal])
        if state.prompt == nil, let id = state.confirmingDelete {
            let question = "delete \(UntrustedText.line(String(id.prefix(8)))) on the provider? it cannot be undone (y/n) "
            buffer.put(question, x: area.x, y: area.y, style: theme[.keyhint], limit: area.width)
            return
        }
        if let prompt = state.prompt {
            let label: String = switch prompt {
            case .addIDs: "add task ids: "
            case .filter: "filter: "
            case .confirmUntrack(let id): "untrack \(UntrustedText.line(String(id.prefix(8))))? (y/n) "
            case .confirmQuit(let n): "\(n) download\(n == 1 ? "" : "s") unfinished (resumed next time): quit? (y/n) "
            }
            let used = buffer.put(label, x: area.x, y: area.y, style: theme[.keyhint], limit: area.width)
            switch prompt {
            case .confirmUntrack, .confirmQuit: return
            case .addIDs, .filter: break
            }
            InputLineView.draw(state.input, in: Rect(x: area.x + used, y: area.y, width: area.width - used, height: 1),
                               into: &buffer, theme: theme)
            return
        }
        if let banner = banner(snapshot, now: now) {
            buffer.fill(area, style: theme[.warning])
            buffer.put(" " + banner, x: area.x, y: area.y, style: theme[.warning], limit: area.width)
            return
        }
        if let m = state.activeMessage(at: now) {
            buffer.put(" " + m.text, x: area.x, y: area.y, style: theme[m.isError ? .error : .accent], limit: area.width)
            return
        }
        if let form = state.form {
            buffer.put(" " + FormView.hint(form), x: area.x, y: area.y, style: theme[.keyhint], limit: area.width)
            return
        }
        var x = area.x
        if !state.filter.isEmpty {
            x += buffer.put(" filter: \(UntrustedText.line(state.filter)) (Esc clears) ", x: x, y: area.y, style: theme[.accent], limit: area.width)
        }
        buffer.put(" " + Keymap.hints(fitting: area.maxX - x - 1), x: x, y: area.y, style: theme[.keyhint], limit: area.maxX - x)
    }

    /// The banner that stays while polling is paused or held.
    public static func banner(_ snapshot: StoreSnapshot, now: Date) -> String? {
        if snapshot.status.authFailure != nil {
            return "API key rejected: set QUICKROUTER_API_KEY, r to retry"
        }
        if let until = snapshot.status.rateLimitedUntil, until > now {
            let resuming = "resuming in \(TextReport.age(Bounded.wait(until.timeIntervalSince(now)).rounded(.up)))"
            guard let asked = snapshot.status.rateLimitAskedFor else { return "rate limited, " + resuming }
            return "rate limited (\(RetryAfter.cutNote(asked: asked))), " + resuming
        }
        return nil
    }
}

/// The text of the input line with its cursor; scrolls left when the text is longer than the room.
public enum InputLineView {
    public static func draw(_ input: InputLine, in area: Rect, into buffer: inout Buffer, theme: Theme) {
        guard area.width > 1 else { return }
        let chars = Array(UntrustedText.line(input.text))
        let cursor = min(input.cursor, chars.count)
        var start = 0
        while TextWidth.of(String(chars[start..<cursor])) >= area.width - 1 { start += 1 }
        let shown = String(chars[start...])
        buffer.put(shown, x: area.x, y: area.y, style: theme[.normal], limit: area.width)
        let cx = area.x + TextWidth.of(String(chars[start..<cursor]))
        if cx < area.maxX { buffer.restyle(Rect(x: cx, y: area.y, width: 1, height: 1)) { $0.reverse = true } }
    }
}

/// `?`: every binding of the keymap, in a box in the middle.
public enum HelpOverlay {
    /// Key lines shown at once on a screen `height` rows tall (the box sits between the bars).
    public static func visibleLines(screenHeight height: Int) -> Int {
        max(0, min(height - 4, Keymap.bindings.count + 3) - 3)
    }

    /// `footer` (how previews are drawn here) sits in the box's bottom edge.
    public static func draw(in area: Rect, scroll: Int = 0, footer: String? = nil, into buffer: inout Buffer, theme: Theme) {
        let lines = Keymap.bindings.map { b in (b.label, b.help) }
        let width = min(area.width - 2, 64)
        let height = min(area.height - 2, lines.count + 3)
        guard width > 10, height > 3 else { return }
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        let shown = height - 3
        let top = min(max(0, scroll), max(0, lines.count - shown))
        // Too short for every key: say which part shows and how to see the rest.
        let title = shown >= lines.count ? "keys (any key closes)"
            : "keys \(top + 1)–\(top + shown) of \(lines.count) (↑↓ scroll, other keys close)"
        buffer.fill(box, style: theme[.normal])
        Border.draw(box, title: title, into: &buffer, theme: theme)
        for (i, (label, help)) in lines[top..<min(lines.count, top + shown)].enumerated() {
            let y = box.y + 2 + i
            buffer.put(label, x: box.x + 2, y: y, style: theme[.keyhint], limit: 8)
            buffer.put(help, x: box.x + 11, y: y, style: theme[.normal], limit: box.width - 13)
        }
        if let footer {
            buffer.put(" \(footer) ", x: box.x + 2, y: box.maxY - 1, style: theme[.muted], limit: box.width - 4)
        }
    }
}

public enum Border {
    public static func draw(_ r: Rect, title: String? = nil, into buffer: inout Buffer, theme: Theme) {
        guard r.width >= 2, r.height >= 2 else { return }
        let s = theme[.border]
        for x in r.x + 1..<r.maxX - 1 {
            buffer.put("─", x: x, y: r.y, style: s)
            buffer.put("─", x: x, y: r.maxY - 1, style: s)
        }
        for y in r.y + 1..<r.maxY - 1 {
            buffer.put("│", x: r.x, y: y, style: s)
            buffer.put("│", x: r.maxX - 1, y: y, style: s)
        }
        buffer.put("┌", x: r.x, y: r.y, style: s)
        buffer.put("┐", x: r.maxX - 1, y: r.y, style: s)
        buffer.put("└", x: r.x, y: r.maxY - 1, style: s)
        buffer.put("┘", x: r.maxX - 1, y: r.maxY - 1, style: s)
        if let title {
            buffer.put(" \(title) ", x: r.x + 2, y: r.y, style: theme[.title].over(s), limit: r.width - 4)
        }
    }
}
