import Foundation
import Glibc
import LumaUI

/// The start-up conversation with the terminal, over its file descriptors: the probe's queries
/// written, every answer read with echo off and fed back to it, until it is finished or the time
/// is up. Answers are never left behind for the key reader: whatever comes a moment after the
/// last is read and dropped.
public enum TerminalConversation {
    /// Runs `probe` against the terminal on `input` and `output`, for at most `timeout` seconds.
    /// False (nothing written) when either is not a terminal.
    @discardableResult
    public static func run(_ probe: inout TerminalProbe, input: Int32 = 0, output: Int32 = 1,
                           timeout: TimeInterval) -> Bool {
        guard isatty(input) != 0, isatty(output) != 0 else { return false }
        var saved = termios()
        guard tcgetattr(input, &saved) == 0 else { return false }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(input, TCSANOW, &raw) == 0 else { return false }
        defer { tcsetattr(input, TCSANOW, &saved) }

        guard writeAll(Array(probe.queries.utf8), to: output) else { return true }
        let deadline = Date() + timeout
        while !probe.isFinished {
            let left = deadline.timeIntervalSinceNow
            var bytes: [UInt8] = []
            guard left > 0, readSome(input, into: &bytes, waitingMs: Int32(left * 1000) + 1) else { break }
            if let more = probe.receive(bytes) { _ = writeAll(Array(more.utf8), to: output) }
        }
        // Stragglers (an answer that crossed a multiplexer more slowly) are read and dropped, so
        // the dashboard never takes them for keys.
        var late: [UInt8] = []
        while readSome(input, into: &late, waitingMs: 30) {}
        return true
    }

    /// Reads what is waiting, after up to `waitingMs`; false when nothing came.
    private static func readSome(_ fd: Int32, into bytes: inout [UInt8], waitingMs: Int32) -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, waitingMs) > 0, p.revents & Int16(POLLIN) != 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 1024)
        let n = read(fd, &chunk, chunk.count)
        guard n > 0 else { return false }
        bytes += chunk[0..<n]
        return true
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Bool {
        var rest = bytes[...]
        while !rest.isEmpty {
            let n = rest.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            rest = rest.dropFirst(n)
        }
        return true
    }
}
