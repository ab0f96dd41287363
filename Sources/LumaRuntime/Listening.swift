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
        let moves = StateMoves(engine.store.snapshot())
        var all: [any Listening] = [
            engine.store.events.subscribe { @Sendable event in
                if let line = moves.line(for: event, in: engine.store) { inbox.post(.logged(line)) } else { inbox.poke() }
            },
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

/// The word of each tracked generation's condition, so that a move from one to another while we
/// watch is logged (`abc12345 pending → processing`). Finishing is left to `FinishNews`, which
/// says it in the bar and so in the log already; a failed request's "retrying" is no move (an
/// outage would log every id twice), the title says the service is offline.
final class StateMoves: Sendable {
    private let words: Locked<[String: String]>

    init(_ snapshot: StoreSnapshot) {
        words = Locked(Dictionary(snapshot.generations.map { ($0.id, $0.conditionWord) }, uniquingKeysWith: { a, _ in a }))
    }

    /// The log line for a store event, when it moved a generation to another condition (in the
    /// provider's words). The store is read only for the events that can move one.
    func line(for event: StoreEvent, in store: GenerationStore) -> String? {
        switch event {
        case .tracked(let ids):
            let snapshot = store.snapshot()
            // An id polled already has that news queued behind this: what it had before is what
            // it was tracked with, nothing for a new id.
            words.withLock { w in
                for id in ids { w[id] = snapshot[id].map { $0.polls == 0 ? $0.conditionWord : TrackedGeneration.Condition.waiting.word } }
            }
        case .untracked(let ids):
            words.withLock { w in ids.forEach { w[$0] = nil } }
        case .updated(let id, stateChanged: true, _):
            guard let g = store.snapshot()[id], g.condition != .retrying else { return nil }
            let now = g.conditionWord
            let before = words.withLock { w in
                defer { w[id] = now }
                return w[id]
            }
            guard let before, before != now, g.state?.isFinished != true else { return nil }
            return "\(id.prefix(8)) \(before) → \(now)"
        default: break
        }
        return nil
    }
}
