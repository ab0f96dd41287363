import Foundation
import LumaKit
import LumaUI

extension Runtime {
    /// Carries out one effect of `reduce`: the only place effects are interpreted. Returns false
    /// for quit. A new effect fails to compile here until it is handled.
    func perform(_ effect: Effect) -> Bool {
        let inbox = self.inbox
        switch effect {
        case .quit: return false
        case .nextTheme: nextTheme()
        case .setTheme(let name): useTheme(named: name)
        case .track(let ids): engine.track(ids)
        case .untrack(let id): engine.untrack([id])
        case .refresh(let id): engine.store.requestRefresh([id])
        case .refreshAll: engine.store.requestRefresh(nil)
        case .resumePolling: engine.poller.resume()
        case .download(let orders):
            for order in orders {
                if order.forgetSaved { engine.store.recordSaved(order.id, path: nil) }
                _ = services.downloads.enqueue(id: order.id, url: order.url, prompt: order.prompt)
            }
        case .cancelDownload(let id): _ = services.downloads.cancel(id: id)
        case .recordSaved(let id, let path): engine.store.recordSaved(id, path: path)
        case .open(let url):
            Opener.open(url, environment: services.environment) { result in
                if case .failure(let why) = result { inbox.post("\(why); the URL: \(url)", isError: true) }
            }
        case .copy(let url): terminal.emit(TerminalSequence.copyBytes(url.text, inTmux: services.inTmux))
        case .alert(let text):
            terminal.emit(TerminalSequence.notifyBytes(title: "lumatop", body: text, inTmux: services.inTmux))
        case .create(let order):
            guard let creator = services.creator else {
                inbox.post(.notSent(order, "creating is not available with this service"))
                break
            }
            // Off the main thread, whatever the creator does before its request leaves; the
            // outcome comes back as mail. Sent once: nothing here ever sends it again.
            DispatchQueue.global().async {
                creator.create(order) { result in inbox.post(.created(order, result)) }
            }
        case .delete(let id):
            guard let deleter = services.deleter else {
                inbox.post(.deleted(id, error: "this provider cannot delete generations"))
                break
            }
            deleter.delete(id) { result in
                if case .failure(let error) = result { inbox.post(.deleted(id, error: error.message)) } else {
                    inbox.post(.deleted(id, error: nil))
                }
            }
        case .trackCreated(let id, let parent):
            engine.track([id], extends: parent)
        case .runHook(let id):
            guard let hook = services.onComplete, let g = engine.store.snapshot()[id] else { break }
            hook.run(for: g) { failure in
                if let failure { inbox.post(failure, isError: true) }
            }
        }
        return true
    }
}
