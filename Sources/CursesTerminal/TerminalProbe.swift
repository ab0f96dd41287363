import Foundation
import Glibc

/// Asks the terminal about itself before the screen is set up: the queries are written, the
/// answers read with echo off until they are complete or the time is up. Answers are never
/// left behind for the key reader: whatever comes a moment after the last is read and dropped.
public enum TerminalProbe {
    /// Writes `query` to `output` and returns what `input` answered, stopping as soon as
    /// `complete` says the answers are all in, or after `timeout` seconds. Nil when `input` is not
    /// a terminal (nothing is written then).
    public static func ask(_ query: String, input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO,
                           timeout: TimeInterval, complete: ([UInt8]) -> Bool) -> [UInt8]? {
        guard isatty(input) != 0, isatty(output) != 0 else { return nil }
        var saved = termios()
        guard tcgetattr(input, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(input, TCSANOW, &raw) == 0 else { return nil }
        defer { tcsetattr(input, TCSANOW, &saved) }

        guard writeAll(Array(query.utf8), to: output) else { return [] }
        var answer: [UInt8] = []
        let deadline = Date() + timeout
        while !complete(answer) {
            let left = deadline.timeIntervalSinceNow
            guard left > 0, readSome(input, into: &answer, waitingMs: Int32(left * 1000) + 1) else { break }
        }
        // Stragglers (an answer that crossed a multiplexer more slowly) are read and dropped, so
        // the dashboard never takes them for keys.
        var late: [UInt8] = []
        while readSome(input, into: &late, waitingMs: 30) {}
        return answer
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
