import Foundation
import LumaKit

/// The top line: name, service, counts per state, time of the last good poll; first of all, when
/// the state directory cannot be written, that changes are not kept, and when the service cannot
/// be reached, that it is offline and when the next try goes.
public enum TitleBar {
    public static let notKept = "changes not kept"

    public static func draw(_ snapshot: StoreSnapshot, census: Census, host: String, in area: Rect,
                            into buffer: inout Buffer, theme: Theme, timeZone: TimeZone?, now: Date,
                            changesNotKept: Bool = false) {
        buffer.fill(area, style: theme[.title])
        let countsByWord = census.counts
        let order = Census.documented
        // Counted by the documented states, said in the provider's words (`queued`, `dreaming`).
        var parts = order.compactMap { word in
            countsByWord[word].map { "\($0) \(census.provider.word(for: GenerationState(word: word)))" }
        }
        let others = countsByWord.filter { !order.contains($0.key) }.values.reduce(0, +)
        if others > 0 { parts.append("\(others) other") }
        var lastPoll = ""
        if let last = snapshot.status.lastSuccessAt {
            lastPoll = " │ last poll \(LocalTime.clock(last, in: timeZone))"
        }
        // The account's balance, where the provider says one.
        if let credits = snapshot.status.credits { lastPoll = " │ \(UntrustedText.line(credits))" + lastPoll }
        let name = " lumatop │ "
        let offline = snapshot.status.offline.map { UntrustedText.line($0.line(now: now)) }
        let head = name + (changesNotKept ? notKept + " │ " : "") + (offline.map { $0 + " │ " } ?? "")
            + "\(UntrustedText.line(host)) │ "
        var counts = parts.isEmpty ? "nothing tracked" : parts.joined(separator: "  ")
        if TextWidth.of(head + counts + lastPoll) > area.width {
            // Narrow: glyphs instead of words, so every count still shows.
            let glyphs = ["○", "◐", "✔", "✖"]
            counts = zip(order, glyphs).compactMap { w, g in countsByWord[w].map { "\(g)\($0)" } }.joined(separator: " ")
                + (others > 0 ? " ·\(others)" : "")
        }
        let text = head + counts + lastPoll
        buffer.put(TextWidth.truncate(text, to: area.width), x: area.x, y: area.y, style: theme[.title], limit: area.width)
        var x = area.x + TextWidth.of(name)
        if changesNotKept {
            buffer.put(notKept, x: x, y: area.y, style: theme[.warning], limit: area.maxX - x)
            x += TextWidth.of(notKept + " │ ")
        }
        if let offline, x < area.maxX {
            buffer.put(TextWidth.truncate(offline, to: area.maxX - x), x: x, y: area.y, style: theme[.warning], limit: area.maxX - x)
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
            case .command: ":"
            }
            let used = buffer.put(label, x: area.x, y: area.y, style: theme[.keyhint], limit: area.width)
            switch prompt {
            case .confirmUntrack, .confirmQuit: return
            case .addIDs, .filter, .command: break
            }
            var room = area.width - used
            if case .command(let choices?) = prompt {
                room -= CommandChoices.draw(choices, in: Rect(x: area.x + used, y: area.y, width: room, height: 1),
                                            into: &buffer, theme: theme)
            }
            InputLineView.draw(state.input, in: Rect(x: area.x + used, y: area.y, width: room, height: 1),
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
            x += buffer.put(" filter: \(UntrustedText.line(state.filter)) (\(state.keymap.name(of: .clearFilter)) clears) ", x: x, y: area.y, style: theme[.accent], limit: area.width)
        }
        buffer.put(" " + state.keymap.hints(fitting: area.maxX - x - 1), x: x, y: area.y, style: theme[.keyhint], limit: area.maxX - x)
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

/// What Tab found on the `:` line, at the right end of the bar; returns the columns it took.
enum CommandChoices {
    static func draw(_ choices: [String], in area: Rect, into buffer: inout Buffer, theme: Theme) -> Int {
        let text = choices.isEmpty ? " nothing to complete " : " " + choices.map(UntrustedText.line).joined(separator: "  ") + " "
        // The line being typed keeps at least half the room.
        let width = min(TextWidth.of(text), area.width / 2)
        guard width > 2 else { return 0 }
        buffer.put(TextWidth.truncate(text, to: width), x: area.maxX - width, y: area.y, style: theme[.muted], limit: width)
        return width
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
