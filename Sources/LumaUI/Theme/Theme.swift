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

public struct Theme: Sendable {
    public var name: String
    public var styles: [Role: Style]

    public init(name: String, styles: [Role: Style]) {
        self.name = name
        self.styles = styles
    }

    public subscript(role: Role) -> Style { styles[role] ?? Theme.default.styles[role] ?? .plain }

    /// The terminal's own background and colours, with the 16 ANSI colours for states.
    public static let `default` = Theme(name: "default", styles: [
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
