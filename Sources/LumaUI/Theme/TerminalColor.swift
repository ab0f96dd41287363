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
        case (.indexed(let i), .truecolor) where i >= 8:
            // A direct-colour terminfo reads numbers from 8 up as 24-bit colours.
            let (r, g, b) = ColorDegrade.rgb(of: i)
            return Int32(r) << 16 | Int32(g) << 8 | Int32(b)
        case (.indexed(let i), _): return Int32(i)
        case (.rgb(let r, let g, let b), .truecolor): return Int32(r) << 16 | Int32(g) << 8 | Int32(b)
        case (.rgb(let r, let g, let b), .indexed256): return Int32(ColorDegrade.nearest256(r, g, b))
        case (.rgb(let r, let g, let b), .ansi16): return Int32(ColorDegrade.nearest16(r, g, b))
        }
    }
}

/// How a terminal is given colour: the mode the dashboard draws for, and what ncurses itself can
/// be asked for. A terminal whose `COLORTERM` says `truecolor` or `24bit` shows 24-bit colour, as
/// other tools trust, though its terminfo entry (`tmux-256color`, `xterm-256color`) knows 256;
/// ncurses then draws those cells in the nearest of 256, and the exact colour is written over them.
public struct ColorSupport: Hashable, Sendable {
    public var mode: ColorMode
    /// The mode ncurses' colour pairs are made for.
    public var cursesMode: ColorMode
    /// Cells with 24-bit colours are written again, past ncurses, in their exact colour.
    public var writesExactColor: Bool { mode == .truecolor && cursesMode != .truecolor }

    public init(mode: ColorMode, cursesMode: ColorMode) {
        self.mode = mode
        self.cursesMode = cursesMode
    }

    /// `colors`: terminfo's colour count (2^24 for a `-direct` entry).
    public static func decide(environment env: [String: String], hasColors: Bool, colors: Int) -> ColorSupport {
        if !(env["NO_COLOR"] ?? "").isEmpty || !hasColors { return ColorSupport(mode: .none, cursesMode: .none) }
        if colors >= 0x1000000 { return ColorSupport(mode: .truecolor, cursesMode: .truecolor) }
        let base: ColorMode = colors >= 256 ? .indexed256 : .ansi16
        let trusted = ["truecolor", "24bit"].contains(env["COLORTERM"]?.lowercased() ?? "")
        return ColorSupport(mode: trusted && colors >= 256 ? .truecolor : base, cursesMode: base)
    }

    /// The SGR sequence that shows `style` exactly, or nil when it has no 24-bit colour (ncurses'
    /// own drawing is exact then). It starts from a reset, so nothing ncurses left on carries over.
    public static func exactSGR(_ style: Style) -> String? {
        var fg: String?, bg: String?
        if case .rgb(let r, let g, let b) = style.foreground { fg = "38;2;\(r);\(g);\(b)" }
        if case .rgb(let r, let g, let b) = style.background { bg = "48;2;\(r);\(g);\(b)" }
        guard fg != nil || bg != nil else { return nil }
        var codes = ["0"]
        if style.bold { codes.append("1") }
        if style.dim { codes.append("2") }
        if style.underline { codes.append("4") }
        if style.reverse { codes.append("7") }
        codes.append(fg ?? TerminalColor.sgr(style.foreground, foreground: true))
        codes.append(bg ?? TerminalColor.sgr(style.background, foreground: false))
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }
}

extension TerminalColor {
    /// A colour that is not 24-bit as an SGR parameter: the terminal's own, or the 256 table.
    static func sgr(_ c: Color, foreground: Bool) -> String {
        switch c {
        case .default: foreground ? "39" : "49"
        case .indexed(let i): (foreground ? "38;5;" : "48;5;") + "\(i)"
        case .rgb(let r, let g, let b): (foreground ? "38;2;" : "48;2;") + "\(r);\(g);\(b)"
        }
    }
}
