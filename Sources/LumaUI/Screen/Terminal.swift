/// What the runtime needs of a terminal, and all it may do with one. The ncurses terminal is one;
/// tests have another. Only the thread that runs the dashboard calls it.
public protocol Terminal: AnyObject {
    /// Columns and rows.
    var size: (width: Int, height: Int) { get }
    var colorMode: ColorMode { get }
    /// ASCII alone when the locale is not UTF-8.
    var glyphs: Glyphs { get }
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
    /// Writes a picture (a sixel or iTerm2 image) with its top left at column `x`, row `y`, after
    /// the last frame; the cursor goes back where drawing left it.
    func place(_ bytes: String, x: Int, y: Int)
    /// A picture placed over these rows is to go: the next draw writes them in full, whatever
    /// the diff says.
    func repaint(rows: Range<Int>)
}

extension Terminal {
    /// The characters it can show; a terminal that says nothing shows Unicode.
    public var glyphs: Glyphs { .unicode }
}

/// Input as the runtime sees it, decoded by the terminal.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    /// A click or a turn of the wheel (when mouse reporting is on).
    case mouse(MouseEvent)
    /// The terminal says its size changed.
    case resize
}
