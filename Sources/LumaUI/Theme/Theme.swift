import LumaKit

/// Semantic roles, not colours: widgets ask for `.stateFailed`, a theme says what that looks like.
public enum Role: String, CaseIterable, Sendable {
    case normal
    case statePending = "state.pending"
    case stateProcessing = "state.processing"
    case stateCompleted = "state.completed"
    case stateFailed = "state.failed"
    case stateUnknown = "state.unknown"
    case selection, border, title, muted, accent, error, warning, keyhint
}

public struct Theme: Hashable, Sendable {
    /// Whether the theme expects a dark or a light terminal background (for `default` colours).
    public enum Appearance: String, Hashable, Sendable { case dark, light }

    public var name: String
    public var description = ""
    public var appearance: Appearance = .dark
    public var styles: [Role: Style]

    public init(name: String, description: String = "", appearance: Appearance = .dark, styles: [Role: Style]) {
        self.name = name
        self.styles = styles
        self.description = description
        self.appearance = appearance
    }

    /// A role's style over the theme's normal one, so a theme with its own background paints it
    /// under every role that does not set one.
    public subscript(role: Role) -> Style {
        let own = styles[role] ?? Theme.default.styles[role] ?? .plain
        guard role != .normal else { return own }
        var s = own
        if s.foreground == .default { s.foreground = normalStyle.foreground }
        if s.background == .default { s.background = normalStyle.background }
        return s
    }

    private var normalStyle: Style { styles[.normal] ?? .plain }

    /// The theme as a terminal with `mode` shows it. Where the selection's background would fall
    /// on the same colour as the normal one (a dark grey and black both become black at 16
    /// colours), the selection turns to reverse video so it stays visible.
    public func adapted(to mode: ColorMode) -> Theme {
        guard mode == .ansi16 || mode == .none else { return self }
        var t = self
        if mode == .ansi16 { t.styles = t.styles.mapValues(readableOnEitherBackground) }
        let selection = self[.selection]
        if !selection.reverse && ColorDegrade.shown(selection.background, mode) == ColorDegrade.shown(self[.normal].background, mode) {
            var s = styles[.selection] ?? Style()
            s.reverse = true
            s.background = .default
            s.foreground = .default
            t.styles[.selection] = s
        }
        return t
    }

    /// The terminal's own background and text colour; every other colour is one of the 256-colour
    /// table's fixed ones (the first 16 follow the terminal's palette) of middle lightness, so it
    /// reads on a dark terminal and on a light one alike. Bars carry their own background.
    public static let `default` = Theme(name: "default", description: "the terminal's own background, colours that read on dark and light", styles: [
        .normal: Style(),
        .statePending: Style(foreground: .indexed(130)),
        .stateProcessing: Style(foreground: .indexed(31), bold: true),
        .stateCompleted: Style(foreground: .indexed(28)),
        .stateFailed: Style(foreground: .indexed(196), bold: true),
        .stateUnknown: Style(foreground: .indexed(170)),
        .selection: Style(reverse: true),
        .border: Style(foreground: .indexed(244)),
        .title: Style(foreground: .indexed(231), background: .indexed(25), bold: true),
        .muted: Style(foreground: .indexed(244)),
        .accent: Style(foreground: .indexed(32), bold: true),
        .error: Style(foreground: .indexed(196), bold: true),
        .warning: Style(foreground: .indexed(16), background: .indexed(220), bold: true),
        .keyhint: Style(foreground: .indexed(30), bold: true),
    ])

    /// At 16 colours the terminal's palette decides, and on its own background, dark or light,
    /// only a few of xterm's read well (its yellow and green vanish on white, its blue on black):
    /// a foreground there moves to the nearest of those few.
    private func readableOnEitherBackground(_ style: Style) -> Style {
        guard style.background == .default, self[.normal].background == .default else { return style }
        switch style.foreground {
        case .default: return style
        case .indexed(let i) where i < 16 && ColorDegrade.readableOnEitherBackground.contains(i): return style
        case .indexed(let i):
            var s = style
            let (r, g, b) = ColorDegrade.rgb(of: i)
            s.foreground = .indexed(ColorDegrade.nearest16(r, g, b, among: ColorDegrade.readableOnEitherBackground))
            return s
        case .rgb(let r, let g, let b):
            var s = style
            s.foreground = .indexed(ColorDegrade.nearest16(r, g, b, among: ColorDegrade.readableOnEitherBackground))
            return s
        }
    }

    /// The role that colours a list row's state.
    public static func role(for condition: TrackedGeneration.Condition) -> Role {
        switch condition {
        case .state(.pending), .waiting: .statePending
        case .state(.processing): .stateProcessing
        case .state(.completed): .stateCompleted
        case .state(.failed), .notFound, .authError, .invalid: .stateFailed
        case .state(.unknown), .retrying: .stateUnknown
        }
    }
}

/// What the terminal can show; rendering needs it only for the palette (hex codes without colour).
public enum ColorMode: Hashable, Sendable {
    case none, ansi16, indexed256, truecolor
}
