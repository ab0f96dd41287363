/// The colour numbers a terminal is given for a style: what ncurses' colour pairs take (-1 for
/// the terminal's own colour). Pure, so the rules for poor terminals are tested as data.
public enum TerminalColor {
    public struct Pair: Hashable, Sendable {
        public var foreground: Int32
        public var background: Int32
        /// Bold added to stand in for a bright colour the terminal lacks.
        public var bold: Bool
    }

    /// `colors`: how many the terminal has (8, 16, 256, or 2^24). On 8 colours the bright ones
    /// fall back to their dim twin in bold (bright black to the terminal's own colour), and
    /// nothing is drawn black, nor in its own background's colour, on the default background.
    public static func pair(_ style: Style, mode: ColorMode, colors: Int) -> Pair {
        var fg = number(style.foreground, mode, colors: colors)
        var bg = number(style.background, mode, colors: colors)
        var bold = false
        guard mode == .ansi16 else { return Pair(foreground: fg, background: bg, bold: false) }
        if colors < 16 {
            if (8...15).contains(fg) {
                bold = fg != 8
                fg = fg == 8 ? -1 : fg - 8
            }
            if (8...15).contains(bg) { bg -= 8 }
        }
        if fg == 0 && bg == -1 { fg = -1 }
        if fg == bg && fg != -1 { fg = bg == 0 ? 7 : 0 }
        return Pair(foreground: fg, background: bg, bold: bold)
    }

    /// A colour as a terminal in `mode` names it.
    static func number(_ c: Color, _ mode: ColorMode, colors: Int) -> Int32 {
        switch (c, mode) {
        case (.default, _), (_, .none): return -1
        case (.indexed(let i), .ansi16):
            if i < 16 { return Int32(i) }
            let (r, g, b) = ColorDegrade.rgb(of: i)
            return Int32(ColorDegrade.nearest16(r, g, b))
        case (.indexed(let i), _): return Int32(i)
        case (.rgb(let r, let g, let b), .truecolor): return Int32(r) << 16 | Int32(g) << 8 | Int32(b)
        case (.rgb(let r, let g, let b), .indexed256): return Int32(ColorDegrade.nearest256(r, g, b))
        case (.rgb(let r, let g, let b), .ansi16): return Int32(ColorDegrade.nearest16(r, g, b))
        }
    }
}
