import Foundation
import LumaKit
import LumaUI

/// What the dashboard does besides drawing: downloads, the opener, the clipboard, and news of
/// generations that finish (a message; with `notify` the bell and a desktop notification; with
/// `onComplete` the user's command).
public struct DashboardActions: Sendable {
    public var downloads: DownloadQueue
    public var notify: Bool
    public var onComplete: CompletionHook?

    public init(downloads: DownloadQueue, notify: Bool = false, onComplete: CompletionHook? = nil) {
        self.downloads = downloads; self.notify = notify; self.onComplete = onComplete
    }
}

extension DashboardLoop {
    /// Follows the store and the download queue; returns the subscriptions to keep.
    func watchForNews() -> [Subscription] {
        let finishes = Locked(FinishTracker(engine.store.snapshot()))
        let store = engine.store.events.subscribe { @Sendable [weak self] event in
            guard let self else { return }
            switch event {
            case .updated(let id, stateChanged: true, _):
                guard let g = self.engine.store.snapshot()[id], finishes.withLock({ $0.observe(g) }) else { return }
                self.announce(g)
            case .untracked(let ids):
                finishes.withLock { f in ids.forEach { f.forget($0) } }
            default: break
            }
        }
        let queue = actions.downloads.events.subscribe { @Sendable [weak self] event in
            guard let self else { return }
            switch event {
            case .changed: self.poke()
            case .saved(let id, let file):
                self.engine.store.recordSaved(id, path: file.path)
                self.post("saved \(id.prefix(8)) → \(file.path)")
            case .alreadySaved(let id, let file):
                self.engine.store.recordSaved(id, path: file.path)
                self.post("already saved: \(file.path)")
            case .failed(let id, .busy):
                self.post("\(id.prefix(8)) is \(DownloadError.busy)", isError: true)
            case .failed(let id, let error):
                self.post("download of \(id.prefix(8)) failed: \(error)", isError: true)
            case .cancelled(let id):
                self.post("cancelled the download of \(id.prefix(8)); d starts it again (a .part resumes)")
            }
        }
        return [store, queue]
    }

    private func announce(_ g: TrackedGeneration) {
        let short = g.id.prefix(8)
        let what = g.state == .completed
            ? "\(short) completed" + (g.generation?.prompt.map { ": " + UntrustedText.line($0) } ?? "")
            : "\(short) failed" + (g.generation?.failureReason.map { ": " + UntrustedText.line($0) } ?? "")
        post(what, isError: g.state != .completed)
        if actions.notify { alert(title: "lumatop", body: what) }
        actions.onComplete?.run(for: g) { [weak self] failure in
            if let failure { self?.post(failure, isError: true) }
        }
    }

    /// Performs the effects the engine does not: downloads, open, copy.
    func perform(_ effect: Effect, on screen: CursesScreen) {
        switch effect {
        case .download(let ids): download(ids)
        case .cancelDownload(let id): actions.downloads.cancel(id: id)
        case .open(let url):
            Opener.open(url, environment: environment) { [weak self] result in
                if case .failure(let why) = result { self?.post("\(why); the URL: \(url)", isError: true) }
            }
        case .copy(let url):
            screen.emit(TerminalSequence.copyBytes(url.text, inTmux: inTmux))
        default: break
        }
    }

    var inTmux: Bool { !(environment["TMUX"] ?? "").isEmpty }

    private func download(_ ids: [String]) {
        let snapshot = engine.store.snapshot()
        let byID = Dictionary(snapshot.generations.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for id in ids {
            guard let g = byID[id], let text = g.generation?.downloadURL else { continue }
            let url: WebURL
            do throws(RefusedURL) { url = try WebURL(text) } catch {
                post("refused to download \(id.prefix(8)): \(error)", isError: true)
                continue
            }
            if let path = g.savedPath {
                if FileManager.default.fileExists(atPath: path) {
                    if ids.count == 1 { post("already saved: \(path)") }
                    continue
                }
                engine.store.recordSaved(id, path: nil)  // deleted since: fetch it again
            }
            actions.downloads.enqueue(id: id, url: url, prompt: g.generation?.prompt)
        }
    }
}
