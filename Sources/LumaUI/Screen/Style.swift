/// A colour as a theme or a palette names it; the terminal layer degrades it to what it can show.
public enum Color: Hashable, Sendable {
    /// The terminal's own foreground or background.
    case `default`
    /// One of the 16 ANSI colours (0–15) or the 256-colour table (16–255).
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)
}

/// How one cell looks.
public struct Style: Hashable, Sendable {
    public var foreground: Color = .default
    public var background: Color = .default
    public var bold = false
    public var dim = false
    public var underline = false
    public var reverse = false

    public init(foreground: Color = .default, background: Color = .default, bold: Bool = false,
                dim: Bool = false, underline: Bool = false, reverse: Bool = false) {
        self.foreground = foreground; self.background = background
        self.bold = bold; self.dim = dim; self.underline = underline; self.reverse = reverse
    }

    public static let plain = Style()

    /// This style as a selection bar over a cell styled `base`: one even colour across the row.
    /// Reverse video turns each cell's own foreground into its background, so under a reversed
    /// bar the cells give up their colours; a bar with a background paints every cell's.
    public func asBar(over base: Style) -> Style {
        var s = base
        s.reverse = reverse
        s.bold = bold || base.bold
        s.underline = underline || base.underline
        s.dim = dim || base.dim
        if reverse {
            s.foreground = foreground
            s.background = background
        } else if background != .default {
            s.background = background
        }
        return s
    }

    /// This style drawn over `base`: default colours let the base show through.
    public func over(_ base: Style) -> Style {
        var s = self
        if s.foreground == .default { s.foreground = base.foreground }
        if s.background == .default { s.background = base.background }
        s.bold = s.bold || base.bold
        s.dim = s.dim || base.dim
        s.underline = s.underline || base.underline
        s.reverse = s.reverse || base.reverse
        return s
    }
}
