import CNcurses
import Foundation
import LumaUI

/// The terminal under ncurses: set up, draw a Buffer as a diff against the last one, read
/// input, put back. Only the main thread may touch it.
public final class CursesScreen: Terminal {
    public let colorMode: ColorMode
    public let inputDescriptor: Int32
    private var previous: Buffer?
    private var pairs: [PairKey: Int32] = [:]
    private var active = false
    private var output: UnsafeMutablePointer<FILE>?
    private let outputFD: Int32
    private var input = KeyInput()

    private struct PairKey: Hashable { let fg: Int32, bg: Int32 }

    /// Why the dashboard cannot run here. The caller words it: `term` is raw, from outside.
    public enum Unusable: Error {
        case noTerm
        case cannotAddressCursor(term: String)
        case noTerminfo(term: String)
    }

    public init(environment env: [String: String], input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) throws(Unusable) {
        setlocale(LC_ALL, "")
        // Resize is handled by the runtime; ncurses must not install its own handler.
        signal(SIGWINCH, SIG_IGN)
        // newterm rather than initscr: initscr exits the process itself on an unknown TERM.
        outputFD = output
        inputDescriptor = input
        self.output = fdopen(output, "w")
        guard newterm(nil, self.output, fdopen(input, "r")) != nil else {
            throw Unusable.noTerminfo(term: env["TERM"] ?? "")
        }
        active = true
        CrashGuard.install()
        raw()
        noecho()
        nonl()
        keypad(lt_stdscr(), true)
        nodelay(lt_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        KeyInput.enablePaste()
        let noColor = !(env["NO_COLOR"] ?? "").isEmpty
        if !noColor && has_colors() {
            start_color()
            use_default_colors()
            let truecolor = ["truecolor", "24bit"].contains(env["COLORTERM"]?.lowercased() ?? "")
            colorMode = lt_colors() >= 0x1000000 && truecolor ? .truecolor
                : lt_colors() >= 256 ? .indexed256 : .ansi16
        } else {
            colorMode = .none
        }
        emit(Self.pasteOn)
    }

    /// Bracketed paste, on while the dashboard runs and off again before the terminal is handed back.
    static let pasteOn = "\u{1B}[?2004h", pasteOff = "\u{1B}[?2004l"

    /// Whether the dashboard can run on this terminal at all, asked of terminfo alone: no screen
    /// is made, so the terminal sees nothing and ncurses takes no signal. A terminal that cannot
    /// move the cursor (`TERM=dumb`, an unknown or missing TERM) is told to use `watch` instead.
    public static func check(environment env: [String: String]) throws(Unusable) {
        let term = env["TERM"] ?? ""
        guard !term.isEmpty else { throw Unusable.noTerm }
        switch lt_can_address_cursor(STDOUT_FILENO) {
        case 1: return
        case 0: throw Unusable.cannotAddressCursor(term: term)
        default: throw Unusable.noTerminfo(term: term)
        }
    }

    public var size: (width: Int, height: Int) { (Int(lt_cols()), Int(lt_lines())) }

    public func readInput() -> [InputEvent] { input.drain() }

    /// Tells ncurses the terminal's new size after SIGWINCH.
    public func sizeChanged() {
        var ws = winsize()
        if ioctl(outputFD, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_row > 0, ws.ws_col > 0 {
            resizeterm(Int32(ws.ws_row), Int32(ws.ws_col))
        }
        previous = nil
        clearok(lt_stdscr(), true)
    }

    /// Writes only the cells that differ from the last frame.
    public func draw(_ buffer: Buffer) {
        if previous.map({ $0.width != buffer.width || $0.height != buffer.height }) ?? true { erase() }
        for update in buffer.diff(from: previous) { put(update.cell, x: update.x, y: update.y) }
        previous = buffer
        wnoutrefresh(lt_stdscr())
        doupdate()
    }

    private func put(_ cell: Cell, x: Int, y: Int) {
        var text = Array(cell.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) })
        if text.isEmpty { text = [wchar_t(32)] }
        text.append(0)
        var attrs: attr_t = 0
        let s = cell.style
        let colors = TerminalColor.pair(s, mode: colorMode, colors: Int(lt_colors()))
        if s.bold || colors.bold { attrs |= lt_a_bold() }
        if s.dim { attrs |= lt_a_dim() }
        if s.underline { attrs |= lt_a_underline() }
        if s.reverse { attrs |= lt_a_reverse() }
        let pair = colorMode == .none ? 0 : pairNumber(fg: colors.foreground, bg: colors.background)
        var c = cchar_t()
        _ = lt_setcchar(&c, text, attrs, pair)
        _ = mvadd_wch(Int32(y), Int32(x), &c)
    }

    private func pairNumber(fg: Int32, bg: Int32) -> Int32 {
        if fg == -1 && bg == -1 { return 0 }
        let key = PairKey(fg: fg, bg: bg)
        if let p = pairs[key] { return p }
        let p = max(0, alloc_pair(fg, bg))
        pairs[key] = p
        return p
    }

    /// Writes bytes past ncurses (the bell, OSC 52, OSC 777): they move no cursor and draw nothing.
    public func emit(_ text: String) {
        if let output { fflush(output) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { write(outputFD, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            bytes = bytes.dropFirst(n)
        }
    }

    public func place(_ bytes: String, x: Int, y: Int) {
        // Saved and restored around the picture: ncurses moves relative to where it believes
        // the cursor is.
        emit("\u{1B}7\u{1B}[\(y + 1);\(x + 1)H" + bytes + "\u{1B}8")
    }

    public func repaint(rows: Range<Int>) {
        let rows = rows.clamped(to: 0..<Int(lt_lines()))
        guard !rows.isEmpty else { return }
        wredrawln(lt_stdscr(), Int32(rows.lowerBound), Int32(rows.count))
    }

    /// Puts the terminal back as it was. Safe to call twice.
    public func close() {
        guard active else { return }
        active = false
        emit(Self.pasteOff)
        endwin()
    }

    deinit { close() }
}
