import CNcurses
import Foundation
import LumaKit
import LumaUI

/// The dashboard's main loop. The main thread blocks in `poll()` on stdin and a wake-up pipe; the
/// store's subscription, signals and posted messages write one byte to the pipe. It redraws only
/// when something changed, and ticks once a second only while a clock on screen moves.
public final class DashboardLoop: @unchecked Sendable {
    let engine: Engine
    let actions: DashboardActions
    private let host: String
    private let themes: [Theme]
    private let startupNotices: [(String, Bool)]
    let environment: [String: String]
    private let wake: (read: Int32, write: Int32)
    private let flags = Locked(Flags())

    private struct Flags {
        var quit = false
        /// The signal that asked us to stop, if one did.
        var signal: Int32?
        var resize = false
        var posted: [(String, Bool)] = []
        /// Desktop notifications to send (title, body).
        var alerts: [(String, String)] = []
    }

    /// `themes` holds the one to start with first; `t` cycles through them. `notices` show in the
    /// bottom bar until a key is pressed (a theme file with problems).
    public init(engine: Engine, actions: DashboardActions, host: String, themes: [Theme] = [.default],
                notices: [String] = [], environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.engine = engine
        self.actions = actions
        self.host = host
        self.themes = themes.isEmpty ? [.default] : themes
        startupNotices = notices.map { ($0, true) }
        self.environment = environment
        var fds: [Int32] = [0, 0]
        pipe(&fds)
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            // Spawn closes it in children already; close-on-exec covers any other exec.
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        wake = (fds[0], fds[1])
    }

    deinit {
        close(wake.read)
        close(wake.write)
    }

    /// Shows a message in the bottom bar; any thread.
    public func post(_ text: String, isError: Bool = false) {
        flags.withLock { $0.posted.append((text, isError)) }
        poke()
    }

    /// Rings the bell and sends a desktop notification, from the main thread; any thread.
    func alert(title: String, body: String) {
        flags.withLock { $0.alerts.append((title, body)) }
        poke()
    }

    func poke() {
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
    }

    /// Runs until the user quits or a signal asks to; the terminal is restored on every way out.
    /// Returns the signal that ended it, if one did (the caller exits 128 + signal, as shells expect).
    @discardableResult
    public func run() throws -> Int32? {
        let subscription = engine.store.events.subscribe { @Sendable [weak self] _ in self?.poke() }
        let news = watchForNews()
        let signals = [SIGINT, SIGTERM, SIGHUP, SIGWINCH].map { sig -> DispatchSourceSignal in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { @Sendable [weak self] in
                self?.flags.withLock { f in if sig == SIGWINCH { f.resize = true } else { f.quit = true; f.signal = sig } }
                self?.poke()
            }
            source.resume()
            return source
        }
        let watcher = engine.list.flatMap { list in
            ListWatcher(list: list) { @Sendable [weak self] in
                do { try self?.engine.syncFromList() } catch { self?.post("\(error)", isError: true) }
            }
        }
        let screen = try CursesScreen(environment: environment)
        defer {
            screen.close()
            watcher?.stop()
            signals.forEach { $0.cancel() }
            subscription.cancel()
            news.forEach { $0.cancel() }
        }
        loop(screen)
        return flags.current.signal
    }

    private func loop(_ screen: CursesScreen) {
        var state = DashboardState()
        var themeIndex = 0
        var theme = themes[0].adapted(to: screen.colorMode)
        if !startupNotices.isEmpty {
            state.notify(startupNotices.map(\.0).joined(separator: "; "), isError: true, now: Date(), untilKey: true)
        }
        var dirty = true
        var orders = RowOrderCache()
        // Whether a clock on screen moves. No snapshot is kept between frames: while one is held,
        // every change to the store copies its whole list.
        var ticking = false
        var input = KeyInput()
        while true {
            let (quit, resize, posted, alerts) = flags.withLock { f in
                defer { f.resize = false; f.posted = []; f.alerts = [] }
                return (f.quit, f.resize, f.posted, f.alerts)
            }
            if quit { return }
            if resize { screen.resize(); dirty = true }
            for (text, isError) in posted { state.notify(text, isError: isError, now: Date()); dirty = true }
            if dirty {
                let snapshot = engine.store.snapshot()
                let (w, h) = screen.size
                let order = orders.order(state, snapshot)
                state.scrollIntoView(snapshot, order: order,
                                     visibleRows: DashboardView.listRows(width: w, height: h, zoomed: state.zoomed))
                var frame = Frame(state: state, snapshot: snapshot, width: w, height: h, now: Date(), host: host,
                                  theme: theme, colorMode: screen.colorMode, downloads: actions.downloads.snapshot())
                frame.rowOrder = order
                let census = orders.census(snapshot)
                frame.census = census
                ticking = state.needsTicks(snapshot, now: frame.now, census: census)
                frame.changesNotKept = engine.list?.notKept != nil
                // One look at the disk per frame, for the generation whose detail shows.
                if let g = state.selectedID.flatMap({ snapshot[$0] }), let path = g.savedPath,
                   !FileManager.default.fileExists(atPath: path) {
                    frame.savedFilesMissing = [g.id]
                }
                screen.draw(DashboardView.render(frame))
                dirty = false
            }
            for (title, body) in alerts { screen.emit(TerminalSequence.notifyBytes(title: title, body: body, inTmux: inTmux)) }
            var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
            let n = poll(&fds, 2, timeout(state, ticking: ticking))
            if n == 0 { dirty = true; continue }  // a clock tick
            if n < 0 { continue }                 // EINTR
            if fds[1].revents & Int16(POLLIN) != 0 {
                var sink = [UInt8](repeating: 0, count: 256)
                while read(wake.read, &sink, sink.count) > 0 {}
                dirty = true
            }
            if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return }
            if fds[0].revents & Int16(POLLIN) != 0 {
                for event in input.drain() {
                    switch event {
                    case .resize: screen.resize()
                    case .key(let key):
                        let (w, h) = screen.size
                        let ctx = KeyContext(snapshot: engine.store.snapshot(), now: Date(),
                                             listHeight: DashboardView.listRows(width: w, height: h, zoomed: state.zoomed),
                                             downloads: actions.downloads.snapshot(),
                                             helpLines: HelpOverlay.visibleLines(screenHeight: h))
                        for effect in state.reduce(key, ctx) {
                            switch effect {
                            case .quit: return
                            case .nextTheme:
                                themeIndex = (themeIndex + 1) % themes.count
                                theme = themes[themeIndex].adapted(to: screen.colorMode)
                                state.notify("theme: \(theme.name)", isError: false, now: Date())
                            case .download, .cancelDownload, .open, .copy: perform(effect, on: screen)
                            default: apply(effect, &state)
                            }
                        }
                    }
                }
                dirty = true
            }
        }
    }

    /// Milliseconds to the next whole second when a clock on screen moves, else forever (-1).
    private func timeout(_ state: DashboardState, ticking: Bool) -> Int32 {
        let now = Date()
        guard ticking else { return -1 }
        let fraction = now.timeIntervalSince1970.truncatingRemainder(dividingBy: 1)
        var wait = 1 - fraction
        if let m = state.activeMessage(at: now) { wait = min(wait, m.until.timeIntervalSince(now)) }
        return Int32(clamping: max(1, Bounded.int((wait * 1000).rounded(.up))))
    }

    private func apply(_ effect: Effect, _ state: inout DashboardState) {
        switch effect {
        case .track(let ids): engine.track(ids)
        case .untrack(let id): engine.untrack([id])
        case .refresh(let id): engine.store.requestRefresh([id])
        case .refreshAll: engine.store.requestRefresh(nil)
        case .resumePolling: engine.poller.resume()
        case .quit, .nextTheme, .download, .cancelDownload, .open, .copy: break
        }
    }
}
