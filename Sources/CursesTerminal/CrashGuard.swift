import CNcurses
import Glibc

/// A crash while curses owns the terminal would leave it unusable and the report unreadable: put
/// the terminal back first (modes we switched on off again, then curses), then hand the signal to
/// whoever had it before (Swift's backtracer), so the crash report prints on a sane terminal.
enum CrashGuard {
    static let signals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]
    // Written once before any crash can happen, read only from the handler.
    nonisolated(unsafe) static var previous: [sigaction] = Array(repeating: .init(), count: 32)
    /// The bytes that switch our terminal modes off, and where they go: kept in memory of their
    /// own, as a signal handler may only call write(2) on what is ready.
    nonisolated(unsafe) static var reset: (fd: Int32, bytes: UnsafeMutableBufferPointer<UInt8>)?

    static func install(output: Int32, reset text: String) {
        if reset == nil {
            let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: text.utf8.count)
            _ = bytes.initialize(from: text.utf8)
            reset = (output, bytes)
        }
        for sig in signals {
            var action: sigaction = .init()
            action.__sigaction_handler.sa_handler = { sig in
                if let (fd, bytes) = CrashGuard.reset { _ = write(fd, bytes.baseAddress, bytes.count) }
                endwin()
                var old = CrashGuard.previous[Int(sig)]
                sigaction(sig, &old, nil)
                raise(sig)
            }
            sigemptyset(&action.sa_mask)
            sigaction(sig, &action, &previous[Int(sig)])
        }
    }
}
