/// A one-line sample of a theme in SGR escapes, for `lumatop themes` on a terminal. Plain ANSI,
/// not ncurses: this prints once and exits.
public enum ThemePreview {
    public static func line(_ theme: Theme) -> String {
        let samples: [(String, Role)] = [
            (" lumatop ", .title), (" ", .normal), ("○ pending", .statePending), (" ", .normal),
            ("◐ processing", .stateProcessing), (" ", .normal), ("✔ completed", .stateCompleted), (" ", .normal),
            ("✖ failed", .stateFailed), (" ", .normal), (" selected ", .selection), (" ", .normal), ("hint", .keyhint),
        ]
        return samples.map { sgr(theme[$0.1]) + $0.0 }.joined() + "\u{1B}[0m"
    }

    /// The SGR sequence that sets exactly this style (truecolor for RGB).
    public static func sgr(_ s: Style) -> String {
        var codes = ["0"]
        if s.bold { codes.append("1") }
        if s.dim { codes.append("2") }
        if s.underline { codes.append("4") }
        if s.reverse { codes.append("7") }
        func color(_ c: Color, base: Int) -> String? {
            switch c {
            case .default: nil
            case .indexed(let i) where i < 8: "\(base + Int(i))"
            case .indexed(let i) where i < 16: "\(base + 60 + Int(i) - 8)"
            case .indexed(let i): "\(base + 8);5;\(i)"
            case .rgb(let r, let g, let b): "\(base + 8);2;\(r);\(g);\(b)"
            }
        }
        if let fg = color(s.foreground, base: 30) { codes.append(fg) }
        if let bg = color(s.background, base: 40) { codes.append(bg) }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }
}
