import Foundation
import Glibc
import LumaKit
import LumaUI

/// Where other threads leave news for the dashboard: actions, a quit, a resize. Each one writes a
/// byte to the wake-up pipe the main thread waits on (work queued to the main queue would never
/// run while it sits in `poll()`).
public final class Inbox: Sendable {
    struct Mail {
        var actions: [Action] = []
        var resize = false
        var quit = false
        /// The signal that asked us to stop, if one did.
        var signal: Int32?
    }

    private let mail = Locked(Mail())
    private let pipe: (read: Int32, write: Int32)

    public init() {
        var fds: [Int32] = [0, 0]
        Glibc.pipe(&fds)
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            // Spawn closes it in children already; close-on-exec covers any other exec.
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        pipe = (fds[0], fds[1])
    }

    deinit {
        close(pipe.read)
        close(pipe.write)
    }

    /// Shows a message in the bottom bar; any thread.
    public func post(_ text: String, isError: Bool = false) { post(.notice(text, isError: isError)) }

    func post(_ action: Action) {
        mail.withLock { $0.actions.append(action) }
        poke()
    }

    func quit(signal: Int32?) {
        mail.withLock { $0.quit = true; $0.signal = $0.signal ?? signal }
        poke()
    }

    func resized() {
        mail.withLock { $0.resize = true }
        poke()
    }

    /// Wakes the main thread: something in the store changed.
    func poke() {
        var byte: UInt8 = 1
        _ = write(pipe.write, &byte, 1)
    }

    /// What came since the last look; the pipe is emptied first, so nothing posted after is missed.
    func take() -> Mail {
        var sink = [UInt8](repeating: 0, count: 256)
        while read(pipe.read, &sink, sink.count) > 0 {}
        return mail.withLock { m in
            defer { m.actions = []; m.resize = false }
            return m
        }
    }

    var signal: Int32? { mail.withLock { $0.signal } }
    var descriptor: Int32 { pipe.read }
}
