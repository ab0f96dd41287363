import Foundation
import LumaKit
import LumaUI

/// Progress on stderr: on a terminal, one live line per running download, redrawn in place;
/// otherwise plain lines when a download starts and ends.
final class DownloadReporter: Sendable {
    private let queue: DownloadQueue
    /// Each id's place in the command line, for `[2/5]`.
    private let position: [String: Int]
    private let live = isatty(STDERR_FILENO) != 0
    /// Held while writing, so lines from two downloads never interleave.
    private let lines = Locked(Lines())

    private struct Lines {
        /// Live lines on screen.
        var shown = 0
        /// Ids whose start was said (when not live).
        var announced = Set<String>()
    }

    init(queue: DownloadQueue, order: [String]) {
        self.queue = queue
        position = Dictionary(order.enumerated().map { ($1, $0 + 1) }, uniquingKeysWith: { a, _ in a })
    }

    func update() {
        lines.withLock { l in
            let running = running()
            guard live else {
                for (id, s) in running where l.announced.insert(id).inserted {
                    FileHandle.standardError.write(UntrustedText.line("downloading \(id.prefix(8)) → \(s.file?.path ?? "?")") + "\n")
                }
                return
            }
            redraw(running, &l)
        }
    }

    /// A line that stays: the live lines are taken away first, so stdout and stderr sharing one
    /// terminal never overwrite each other.
    func finished(_ line: String, isError: Bool = false, stdout: String? = nil) {
        lines.withLock { l in
            if live { erase(&l) }
            FileHandle.standardError.write((isError ? "lumatop: " : "") + UntrustedText.line(line) + "\n")
            if let stdout { emitLine(stdout) }
            if live { redraw(running(), &l) }
        }
    }

    func clear() {
        lines.withLock { l in if live { erase(&l) } }
    }

    private func running() -> [(key: String, value: DownloadStatus)] {
        queue.snapshot().filter { $0.value.phase == .running }.sorted { (position[$0.key] ?? 0) < (position[$1.key] ?? 0) }
    }

    private func redraw(_ running: [(key: String, value: DownloadStatus)], _ l: inout Lines) {
        erase(&l)
        let width = terminalWidth()
        var text = ""
        for (id, s) in running {
            let head = "[\(position[id] ?? 0)/\(position.count)] \(id.prefix(8)) "
            text += head + ProgressLine.text(s, width: max(10, width - head.count - 1)) + "\n"
        }
        FileHandle.standardError.write(text)
        l.shown = running.count
    }

    /// Moves up over the live lines and clears them.
    private func erase(_ l: inout Lines) {
        guard l.shown > 0 else { return }
        FileHandle.standardError.write(String(repeating: "\u{1B}[1A\u{1B}[2K", count: l.shown) + "\r")
        l.shown = 0
    }

    private func terminalWidth() -> Int {
        var ws = winsize()
        return ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &ws) == 0 && ws.ws_col > 0 ? Int(ws.ws_col) : 80
    }
}
