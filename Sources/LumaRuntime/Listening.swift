import Foundation
import LumaKit
import LumaUI

/// Something the runtime follows while it runs; cancelled on the way out.
protocol Listening { func cancel() }

extension Subscription: Listening {}
extension FinishNews: Listening {}
extension ListWatcher: Listening { func cancel() { stop() } }

private struct SignalWatch: Listening {
    let sources: [any DispatchSourceSignal]
    func cancel() { sources.forEach { $0.cancel() } }
}

extension Runtime {
    /// Follows the store, the download queue and the tracked list, each turning what it hears into
    /// mail for the main thread.
    func listen() -> [any Listening] {
        let inbox = self.inbox
        let engine = self.engine
        var all: [any Listening] = [
            engine.store.events.subscribe { @Sendable _ in inbox.poke() },
            FinishNews(store: engine.store, alert: services.notify, runHook: services.onComplete != nil) { inbox.post(.finished($0)) },
            services.downloads.events.subscribe { @Sendable event in inbox.post(.download(event)) },
        ]
        if let list = engine.list, let watcher = ListWatcher(list: list, onChange: { @Sendable in
            do { try engine.syncFromList() } catch { inbox.post("\(error)", isError: true) }
        }) {
            all.append(watcher)
        }
        return all
    }

    /// Takes SIGINT, SIGTERM and SIGHUP (quit) and SIGWINCH (resize) as mail. The process keeps
    /// ignoring them afterwards: only `run` calls this, in a process about to end.
    func watchSignals() -> any Listening {
        let inbox = self.inbox
        let sources = [SIGINT, SIGTERM, SIGHUP, SIGWINCH].map { sig -> any DispatchSourceSignal in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { @Sendable in sig == SIGWINCH ? inbox.resized() : inbox.quit(signal: sig) }
            source.resume()
            return source
        }
        return SignalWatch(sources: sources)
    }
}
