import Foundation
import LumaKit

/// A message of the bottom bar as the log keeps it: they vanish from the bar, not from here.
public struct LogEntry: Hashable, Sendable {
    public var at: Date
    public var text: String
    public var isError: Bool
}

extension DashboardState {
    /// The most messages the log keeps (`L` shows them).
    public static let logLimit = 200

    /// Keeps a line in the log without showing it in the bar.
    mutating func log(_ text: String, now: Date) -> [Effect] {
        keep(LogEntry(at: now, text: UntrustedText.line(text), isError: false))
        return []
    }

    mutating func keep(_ entry: LogEntry) {
        log.append(entry)
        if log.count > Self.logLimit { log.removeFirst(log.count - Self.logLimit) }
    }

    /// Scroll keys move back through the log (from its newest end); any other key closes it.
    mutating func logKey(_ key: Key, _ ctx: KeyContext) -> [Effect] {
        let page = max(1, ctx.helpLines)
        let step: Int? = switch key {
        case .up, .char("k"): 1
        case .down, .char("j"): -1
        case .pageUp, .ctrl("u"): page
        case .pageDown, .ctrl("d"), .char(" "): -page
        default: nil
        }
        guard let step else {
            showLog = false
            logScroll = 0
            return []
        }
        logScroll = min(max(0, log.count - page), max(0, logScroll + step))
        return []
    }
}

/// `L`: the log of messages with their times, newest at the bottom, in a box over the body.
public enum LogOverlay {
    public static func draw(_ log: [LogEntry], scroll: Int, in area: Rect, timeZone: TimeZone?, into buffer: inout Buffer,
                            theme: Theme) {
        let box = Rect(x: area.x + 1, y: area.y, width: area.width - 2, height: area.height)
        guard box.width > 12, box.height > 3 else { return }
        let shown = box.height - 2
        let end = max(0, log.count - max(0, scroll))
        let start = max(0, end - shown)
        let title = log.isEmpty ? "log: no messages yet (any key closes)"
            : "log: \(start + 1)–\(end) of \(log.count) (↑↓ PgUp PgDn scroll, other keys close)"
        buffer.fill(box, style: theme[.normal])
        Border.draw(box, title: title, into: &buffer, theme: theme)
        for (i, entry) in log[start..<end].enumerated() {
            let y = box.y + 1 + i
            let used = buffer.put(LocalTime.clock(entry.at, in: timeZone) + "  ", x: box.x + 2, y: y, style: theme[.muted],
                                  limit: box.width - 4)
            buffer.put(entry.text, x: box.x + 2 + used, y: y, style: theme[entry.isError ? .error : .normal],
                       limit: box.width - 4 - used)
        }
    }
}
