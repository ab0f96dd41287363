import Foundation
import LumaKit

/// stdout and stderr, written with write(2). A reader that went away (`lumatop watch | head -1`)
/// ends the command quietly: status 0 once a whole line reached stdout (the reader had what it
/// wanted), else 141, as a shell reports a command ended by SIGPIPE. Never a trap.
enum Output {
    /// Whole lines delivered to stdout so far.
    private static let linesOut = Locked(0)

    /// Ignores SIGPIPE, so a closed pipe is an EPIPE we handle here rather than a silent death
    /// halfway through a line.
    static func start() { signal(SIGPIPE, SIG_IGN) }

    static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { readerGone() }
                return  // nowhere to write (a closed descriptor): the output is lost, nothing else
            }
            if fd == STDOUT_FILENO {
                let lines = bytes.prefix(n).reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
                linesOut.withLock { $0 += lines }
            }
            bytes = bytes.dropFirst(n)
        }
    }

    /// Ends at once, from whichever thread found out: nothing more can be said.
    static func readerGone() -> Never {
        _exit(linesOut.current > 0 ? 0 : 141)
    }
}

extension FileHandle {
    /// Through `Output`: FileHandle's own write traps on a closed pipe.
    func write(_ text: String) { Output.write(fileDescriptor, text) }
}

/// Writes a line to stdout at once, even into a pipe (scripts read watch output as it comes).
func emitLine(_ line: String) {
    Output.write(STDOUT_FILENO, line + "\n")
}

/// Every line on stderr comes through here, cleaned: messages quote ids, paths, errors and file text.
func warn(_ message: String) {
    Output.write(STDERR_FILENO, "lumatop: \(UntrustedText.line(message))\n")
}
