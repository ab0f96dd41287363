/// What the runtime needs of a terminal, and all it may do with one. The ncurses terminal is one;
/// tests have another. Only the thread that runs the dashboard calls it.
public protocol Terminal: AnyObject {
    /// Columns and rows.
    var size: (width: Int, height: Int) { get }
    var colorMode: ColorMode { get }
    /// Readable when input is waiting: the runtime waits on it with its wake-up pipe.
    var inputDescriptor: Int32 { get }
    /// Every input event waiting, without blocking.
    func readInput() -> [InputEvent]
    /// Shows a frame; only what changed since the last one need be written.
    func draw(_ buffer: Buffer)
    /// Bytes past the screen (bell, OSC 52, OSC 777): they move no cursor and draw nothing.
    func emit(_ bytes: String)
    /// The size may have changed (SIGWINCH): read it again and draw everything next time.
    func sizeChanged()
}

/// Input as the runtime sees it, decoded by the terminal.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    /// The terminal says its size changed.
    case resize
}
