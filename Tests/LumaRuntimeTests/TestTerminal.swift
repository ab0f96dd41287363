import Foundation
import LumaUI

/// A terminal in memory: input is queued by the test, frames are kept, and the cells each frame's
/// diff writes are applied to `screen`, so a test sees what a real terminal would show.
final class TestTerminal: Terminal {
    var size: (width: Int, height: Int)
    let colorMode: ColorMode
    private let pipe: (read: Int32, write: Int32)
    private var pending: [InputEvent] = []
    /// Every frame drawn, in order.
    private(set) var frames: [Buffer] = []
    /// What the terminal shows: each frame's diff applied to the last.
    private(set) var screen: Buffer
    /// Cells written by the last draw.
    private(set) var lastWrites = 0
    /// Bytes emitted past the screen, in order.
    private(set) var emitted: [String] = []
    private(set) var sizeChanges = 0

    init(width: Int = 100, height: Int = 30, colorMode: ColorMode = .indexed256) {
        size = (width, height)
        self.colorMode = colorMode
        screen = Buffer(width: width, height: height)
        var fds: [Int32] = [0, 0]
        Glibc.pipe(&fds)
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        pipe = (fds[0], fds[1])
    }

    deinit {
        close(pipe.read)
        close(pipe.write)
    }

    /// Queues input as a terminal would deliver it; the descriptor becomes readable.
    func send(_ events: InputEvent...) {
        pending += events
        var byte: UInt8 = 1
        _ = write(pipe.write, &byte, 1)
    }

    func type(_ text: String) {
        for c in text { send(.key(.char(c))) }
    }

    var inputDescriptor: Int32 { pipe.read }

    func readInput() -> [InputEvent] {
        var sink = [UInt8](repeating: 0, count: 64)
        while read(pipe.read, &sink, sink.count) > 0 {}
        defer { pending = [] }
        return pending
    }

    func draw(_ buffer: Buffer) {
        let previous = frames.last.flatMap { $0.width == buffer.width && $0.height == buffer.height ? screen : nil }
        if previous == nil { screen = Buffer(width: buffer.width, height: buffer.height) }
        let updates = buffer.diff(from: previous)
        for u in updates {
            screen[u.x, u.y] = u.cell
            // The terminal fills the right half of a wide character itself.
            if TextWidth.of(u.cell.text) == 2, u.x + 1 < screen.width {
                screen[u.x + 1, u.y] = Cell("", style: u.cell.style, isContinuation: true)
            }
        }
        lastWrites = updates.count
        frames.append(buffer)
    }

    func emit(_ bytes: String) { emitted.append(bytes) }

    func sizeChanged() { sizeChanges += 1 }

    /// Pictures placed past the screen, in order, and rows asked to be written again.
    private(set) var placed: [(bytes: String, x: Int, y: Int)] = []
    private(set) var repainted: [Range<Int>] = []

    func place(_ bytes: String, x: Int, y: Int) { placed.append((bytes, x, y)) }

    func repaint(rows: Range<Int>) { repainted.append(rows) }

    /// The text the terminal shows.
    var text: String { screen.text }
}
