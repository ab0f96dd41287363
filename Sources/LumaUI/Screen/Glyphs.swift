/// Which characters the terminal can show: all of Unicode, or ASCII alone when the locale's
/// character set is not UTF-8 (`LANG=C`), where ncurses draws anything else as a blank.
public enum Glyphs: Hashable, Sendable {
    case unicode, ascii

    /// From the locale's character set, as `nl_langinfo(CODESET)` names it.
    public static func forCodeset(_ codeset: String) -> Glyphs {
        let name = codeset.lowercased().filter { $0.isLetter || $0.isNumber }
        return name == "utf8" ? .unicode : .ascii
    }

    /// The ASCII stand-in for one cell's text: state icons, lines, arrows and marks by their
    /// look, anything else (a prompt's own letters) as `?`.
    public static func ascii(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy(\.isASCII) { return text }
        return standIns[text] ?? "?"
    }

    static let standIns: [String: String] = [
        // States: pending, processing, completed, failed, not found, retrying.
        "○": "o", "◐": "*", "✔": "+", "✖": "x", "∅": "0", "↻": "~",
        // Lines and corners.
        "│": "|", "─": "-", "┌": "+", "┐": "+", "└": "+", "┘": "+", "├": "+", "┤": "+",
        // Arrows and marks.
        "↑": "^", "↓": "v", "←": "<", "→": ">", "▸": ">", "‹": "<", "›": ">",
        "…": ".", "⋯": ".", "·": ".", "–": "-", "—": "-", "×": "x", "•": "*",
        // Progress and cell-art blocks.
        "█": "#", "▉": "#", "▊": "#", "▋": "#", "▌": "#", "▍": "|", "▎": "|", "▏": "|", "▕": "|",
        "▀": "\"", "░": ".", "▒": ":", "▓": "#",
        "▘": "'", "▝": "'", "▖": ",", "▗": ",", "▞": "/", "▚": "\\", "▛": "#", "▜": "#", "▙": "#", "▟": "#",
    ]
}

extension Buffer {
    /// Every cell in ASCII: a wide character becomes one `?` and its right half a blank.
    public mutating func makeASCII() {
        for y in 0..<height {
            for x in 0..<width {
                let cell = self[x, y]
                if cell.isContinuation {
                    self[x, y] = Cell(" ", style: cell.style)
                } else if !cell.text.unicodeScalars.allSatisfy(\.isASCII) {
                    self[x, y] = Cell(Glyphs.ascii(cell.text), style: cell.style)
                }
            }
        }
    }
}
