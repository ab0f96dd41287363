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

    /// The terminal's own background and colours, with the 16 ANSI colours for states.
    public static let `default` = Theme(name: "default", description: "the terminal's own colours", styles: [
        .normal: Style(),
        .statePending: Style(foreground: .indexed(3)),
        .stateProcessing: Style(foreground: .indexed(6), bold: true),
        .stateCompleted: Style(foreground: .indexed(2)),
        .stateFailed: Style(foreground: .indexed(1), bold: true),
        .stateUnknown: Style(foreground: .indexed(5)),
        .selection: Style(reverse: true),
        .border: Style(foreground: .indexed(8)),
        .title: Style(foreground: .indexed(4), bold: true, reverse: true),
        .muted: Style(foreground: .indexed(8)),
        .accent: Style(foreground: .indexed(4), bold: true),
        .error: Style(foreground: .indexed(1), bold: true),
        .warning: Style(foreground: .indexed(3), bold: true, reverse: true),
        .keyhint: Style(foreground: .indexed(6), bold: true),
    ])

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
