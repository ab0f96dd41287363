import CNcurses
import Foundation
import LumaUI

/// The terminal under ncurses: set up, draw a Buffer as a diff against the last one, read
/// input, put back. Only the main thread may touch it.
public final class CursesScreen: Terminal {
    public var colorMode: ColorMode { colors.mode }
    private let colors: ColorSupport
    public let glyphs: Glyphs
    /// Rows ncurses will draw afresh at the next update, whose exact colours must follow.
    private var exactRows = IndexSet()
    public let inputDescriptor: Int32
    private var previous: Buffer?
    private var pairs: [PairKey: Int32] = [:]
    private var active = false
    private var output: UnsafeMutablePointer<FILE>?
    private let outputFD: Int32
    private var input = KeyInput()
    /// Whether the terminal was asked to report the mouse.
    private let mouse: Bool

    private struct PairKey: Hashable { let fg: Int32, bg: Int32 }

    /// Why the dashboard cannot run here. The caller words it: `term` is raw, from outside.
    public enum Unusable: Error {
        case noTerm
        case cannotAddressCursor(term: String)
        case noTerminfo(term: String)
    }

    /// `mouse`: ask the terminal to report clicks and the wheel (off: the terminal keeps them).
    public init(environment env: [String: String], input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO,
                mouse: Bool = true) throws(Unusable) {
        setlocale(LC_ALL, "")
        glyphs = Glyphs.forCodeset(String(cString: nl_langinfo(nl_item(CODESET))))
        // Resize is handled by the runtime; ncurses must not install its own handler.
        signal(SIGWINCH, SIG_IGN)
        // newterm rather than initscr: initscr exits the process itself on an unknown TERM.
        outputFD = output
        inputDescriptor = input
        self.mouse = mouse
        self.output = fdopen(output, "w")
        guard newterm(nil, self.output, fdopen(input, "r")) != nil else {
            throw Unusable.noTerminfo(term: env["TERM"] ?? "")
        }
        active = true
        CrashGuard.install(output: output, reset: Self.pasteOff + (mouse ? SGRMouse.disable : ""))
        raw()
        noecho()
        nonl()
        keypad(lt_stdscr(), true)
        nodelay(lt_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        KeyInput.enablePaste()
        if mouse { KeyInput.enableMouse() }
        let wantsColor = (env["NO_COLOR"] ?? "").isEmpty && has_colors()
        if wantsColor {
            start_color()
            use_default_colors()
        }
        // The colour count is known only once colour is started.
        colors = ColorSupport.decide(environment: env, hasColors: wantsColor, colors: Int(lt_colors()))
        emit(Self.pasteOn + (mouse ? SGRMouse.enable : ""))
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
        let updates = buffer.diff(from: previous)
        for update in updates { put(update.cell, x: update.x, y: update.y) }
        previous = buffer
        wnoutrefresh(lt_stdscr())
        doupdate()
        if colors.writesExactColor { writeExactColors(updates, buffer) }
    }

    /// Writes the cells with 24-bit colours again over ncurses' nearest-of-256, each run of them
    /// with one cursor move. The cursor and attributes are saved and restored around it, so
    /// ncurses' idea of the terminal stays true.
    private func writeExactColors(_ updates: [CellUpdate], _ buffer: Buffer) {
        var indices = Set(updates.map { $0.y * buffer.width + $0.x })
        for y in exactRows where y < buffer.height {
            for x in 0..<buffer.width where !buffer[x, y].isContinuation { indices.insert(y * buffer.width + x) }
        }
        exactRows = []
        var out = "", cursor = -1
        for i in indices.sorted() {
            let (x, y) = (i % buffer.width, i / buffer.width)
            let cell = buffer[x, y]
            guard let sgr = ColorSupport.exactSGR(cell.style) else { continue }
            let text = cell.text.isEmpty ? " " : cell.text
            if cursor != i { out += "\u{1B}[\(y + 1);\(x + 1)H" }
            out += sgr + text
            // At the row's end the terminal does not move on to the next row by itself.
            cursor = x + TextWidth.of(text) < buffer.width ? i + TextWidth.of(text) : -1
        }
        guard !out.isEmpty else { return }
        emit("\u{1B}7" + out + "\u{1B}8")
    }

    private func put(_ cell: Cell, x: Int, y: Int) {
        var text = Array(cell.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) })
        if text.isEmpty { text = [wchar_t(32)] }
        text.append(0)
        var attrs: attr_t = 0
        let s = cell.style
        let pair = TerminalColor.pair(s, mode: self.colors.cursesMode, colors: Int(lt_colors()))
        if s.bold || pair.bold { attrs |= lt_a_bold() }
        if s.dim { attrs |= lt_a_dim() }
        if s.underline { attrs |= lt_a_underline() }
        if s.reverse { attrs |= lt_a_reverse() }
        let number = colorMode == .none ? 0 : pairNumber(fg: pair.foreground, bg: pair.background)
        var c = cchar_t()
        _ = lt_setcchar(&c, text, attrs, number)
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
        exactRows.insert(integersIn: rows)
        wredrawln(lt_stdscr(), Int32(rows.lowerBound), Int32(rows.count))
    }

    /// Puts the terminal back as it was. Safe to call twice.
    public func close() {
        guard active else { return }
        active = false
        emit(Self.pasteOff + (mouse ? SGRMouse.disable : ""))
        endwin()
    }

    deinit { close() }
}
