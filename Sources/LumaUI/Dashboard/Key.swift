/// A key as the dashboard understands it, already decoded by the terminal layer.
public enum Key: Hashable, Sendable {
    case char(Character)
    case up, down, left, right, home, end, pageUp, pageDown
    case enter, tab, backTab, escape, backspace, delete
    case ctrl(Character)
    /// Text the terminal delivered as one bracketed paste: never read as keys.
    case paste(String)
}
