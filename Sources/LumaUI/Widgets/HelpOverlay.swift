import Foundation
import LumaKit

/// `?`: every binding of the keymap, the user's keys where the config set them, in a box in the middle.
public enum HelpOverlay {
    /// Key lines shown at once on a screen `height` rows tall (the box sits between the bars).
    /// Every keymap lists every command, so the count is the default one's.
    public static func visibleLines(screenHeight height: Int) -> Int {
        max(0, min(height - 4, Keymap.default.bindings.count + 3) - 3)
    }

    /// `footer` (how previews are drawn here) sits in the box's bottom edge.
    public static func draw(_ keymap: Keymap = .default, in area: Rect, scroll: Int = 0, footer: String? = nil,
                            into buffer: inout Buffer, theme: Theme) {
        // An action the config left without keys still shows, so its absence is not a mystery.
        let lines = keymap.bindings.map { b in (b.keys.isEmpty ? "-" : b.label, b.help) }
        let labelWidth = min(16, lines.map { TextWidth.of($0.0) }.max() ?? 8)
        let width = min(area.width - 2, 72)
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
        let helpX = box.x + 3 + labelWidth
        for (i, (label, help)) in lines[top..<min(lines.count, top + shown)].enumerated() {
            let y = box.y + 2 + i
            buffer.put(label, x: box.x + 2, y: y, style: theme[.keyhint], limit: labelWidth)
            buffer.put(help, x: helpX, y: y, style: theme[.normal], limit: box.maxX - 2 - helpX)
        }
        if let footer {
            buffer.put(" \(footer) ", x: box.x + 2, y: box.maxY - 1, style: theme[.muted], limit: box.width - 4)
        }
    }
}
