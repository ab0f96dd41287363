import CNcurses
import Glibc

/// A crash while curses owns the terminal would leave it unusable and the report unreadable: put
/// the terminal back first, then hand the signal to whoever had it before (Swift's backtracer), so
/// the crash report prints on a sane terminal.
enum CrashGuard {
    static let signals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]
    // Written once before any crash can happen, read only from the handler.
    nonisolated(unsafe) static var previous: [sigaction] = Array(repeating: .init(), count: 32)

    static func install() {
        for sig in signals {
            var action: sigaction = .init()
            action.__sigaction_handler.sa_handler = { sig in
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
