import Foundation
import LumaKit
import LumaUI

/// The dashboard's runtime, terminal-agnostic. The main thread blocks in `poll()` on the
/// terminal's input and the inbox's wake-up pipe; keys and the engine's news become actions that
/// go through `reduce`, and the effects it returns are carried out in one place (`perform`). It
/// draws only when woken, and ticks once a second only while a clock on screen moves.
public final class Runtime {
    let engine: Engine
    let services: Services
    let terminal: any Terminal
    public let inbox: Inbox
    private let host: String
    private let themes: [Theme]
    var theme: Theme
    private var themeIndex = 0
    var state = DashboardState()
    private var orders = RowOrderCache()
    /// The previews' main-thread side; nil when previews are off.
    private let stage: PreviewStage?
    /// Whether a clock on screen moves. No snapshot is kept between frames: while one is held,
    /// every change to the store copies its whole list.
    private var ticking = false

    /// `themes` holds the one to start with first; `t` cycles through them. `notices` stay in the
    /// bottom bar until a key is pressed (a theme file with problems).
    public init(engine: Engine, services: Services, terminal: any Terminal, inbox: Inbox = Inbox(), host: String,
                themes: [Theme] = [.default], notices: [String] = []) {
        self.engine = engine
        self.services = services
        self.terminal = terminal
        self.inbox = inbox
        self.host = host
        self.themes = themes.isEmpty ? [.default] : themes
        theme = self.themes[0].adapted(to: terminal.colorMode)
        stage = services.previews.map(PreviewStage.init)
        if services.previews == nil || services.previews?.mode == .off { state.previewChoice = .palette }
        services.previews?.onReady { [inbox] in inbox.poke() }
        // An answer with a picture but no palette gets one made from the picture.
        services.previews?.onDecoded { [store = engine.store] url, picture in store.computePalette(url: url, from: picture) }
        if !notices.isEmpty {
            state.notify(notices.joined(separator: "; "), isError: true, now: Date(), untilKey: true)
        }
    }

    /// Runs until the user quits, a signal asks to, or the terminal goes. Returns the signal that
    /// ended it, if one did (the caller exits 128 + signal, as shells expect). The caller owns the
    /// terminal and puts it back.
    @discardableResult
    public func run() -> Int32? {
        let listening = listen() + [watchSignals()]
        defer { listening.forEach { $0.cancel() } }
        while turn() {
            var fds = [pollfd(fd: terminal.inputDescriptor, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: inbox.descriptor, events: Int16(POLLIN), revents: 0)]
            let n = poll(&fds, 2, timeout())
            if n > 0, fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { break }
        }
        return inbox.signal
    }

    /// One round: the inbox, then the terminal's input, then a frame. False once it is time to
    /// stop; pictures sent to the terminal are taken back then.
    public func turn() -> Bool {
        let going = round()
        if !going { stage?.farewell(on: terminal) }
        return going
    }

    private func round() -> Bool {
        let mail = inbox.take()
        if mail.quit { return false }
        if mail.resize { resized() }
        for action in mail.actions where !apply(action) { return false }
        for event in terminal.readInput() {
            switch event {
            case .resize: resized()
            case .key(let key): if !apply(.key(key)) { return false }
            case .mouse(let event): if !apply(.mouse(event)) { return false }
            }
        }
        draw()
        return true
    }

    /// Runs `reduce` and carries out its effects; false when one of them is to quit.
    private func apply(_ action: Action) -> Bool {
        let (w, h) = terminal.size
        var ctx = KeyContext(snapshot: engine.store.snapshot(), now: Date(),
                             listHeight: DashboardView.listRows(width: w, height: h, zoomed: state.zoomed),
                             downloads: services.downloads.snapshot(), helpLines: HelpOverlay.visibleLines(screenHeight: h))
        ctx.creator = services.creator
        ctx.themeNames = themes.map(\.name)
        ctx.deletes = services.deleter != nil
        (ctx.screenWidth, ctx.screenHeight) = (w, h)
        for effect in state.reduce(action, ctx) where !perform(effect) { return false }
        return true
    }

    /// Draws the frame of the current state.
    private func draw() {
        let snapshot = engine.store.snapshot()
        let (w, h) = terminal.size
        let order = orders.order(state, snapshot)
        state.scrollIntoView(snapshot, order: order, visibleRows: DashboardView.listRows(width: w, height: h, zoomed: state.zoomed))
        var frame = Frame(state: state, snapshot: snapshot, width: w, height: h, now: Date(), host: host,
                          theme: theme, colorMode: terminal.colorMode, downloads: services.downloads.snapshot())
        frame.rowOrder = order
        frame.glyphs = terminal.glyphs
        let census = orders.census(snapshot)
        frame.census = census
        ticking = state.needsTicks(snapshot, now: frame.now, census: census)
        frame.changesNotKept = engine.list?.notKept != nil
        // One look at the disk per frame, for the generation whose detail shows.
        if let g = state.selectedID.flatMap({ snapshot[$0] }), let path = g.savedPath, !DownloadRule.savedFileExists(path) {
            frame.savedFilesMissing = [g.id]
        }
        if let (url, room) = DashboardView.previewRequest(frame) {
            frame.preview = stage?.content(url: url, room: room, now: frame.now, colorMode: terminal.colorMode)
                ?? .unavailable("previews are off (--preview)")
        }
        frame.previewSummary = services.previews.map { PreviewMode.describe($0.mode, colorMode: terminal.colorMode) }
        let composed = DashboardView.compose(frame)
        if let stage { stage.draw(composed, content: frame.preview, on: terminal) } else { terminal.draw(composed.buffer) }
    }

    private func resized() {
        terminal.sizeChanged()
        stage?.screenRedrawn()
    }

    /// Milliseconds to the next whole second when a clock on screen moves, else forever (-1).
    private func timeout() -> Int32 {
        guard ticking else { return -1 }
        let now = Date()
        var wait = 1 - now.timeIntervalSince1970.truncatingRemainder(dividingBy: 1)
        if let m = state.activeMessage(at: now) { wait = min(wait, m.until.timeIntervalSince(now)) }
        return Int32(clamping: max(1, Bounded.int((wait * 1000).rounded(.up))))
    }

    func nextTheme() { useTheme(at: (themeIndex + 1) % themes.count) }

    /// `:theme NAME`; the reducer offers only names of `themes`.
    func useTheme(named name: String) {
        guard let i = themes.firstIndex(where: { $0.name == name }) else {
            state.notify("no theme named \(name)", isError: true, now: Date())
            return
        }
        useTheme(at: i)
    }

    /// The one place the theme changes (`t` and `:theme`).
    private func useTheme(at i: Int) {
        themeIndex = i
        theme = themes[i].adapted(to: terminal.colorMode)
        state.notify("theme: \(theme.name)", isError: false, now: Date())
        services.rememberTheme?(themes[themeIndex].name)
    }
}
