import Foundation
import LumaKit

extension DashboardState {
    /// Applies one action; returns the effects for the runtime.
    public mutating func reduce(_ action: Action, _ ctx: KeyContext) -> [Effect] {
        switch action {
        case .key(let key): return reduce(key, ctx)
        case .mouse(let event): return reduce(event, ctx)
        case .notice(let text, let isError, let untilKey):
            notify(text, isError: isError, now: ctx.now, untilKey: untilKey)
            return []
        case .logged(let text): return log(text, now: ctx.now)
        case .finished(let news):
            say(news.text, error: news.isError, now: ctx.now)
            return (news.alert ? [.alert(news.text)] : []) + (news.runHook ? [.runHook(news.id)] : [])
        case .download(let event): return downloadNews(event, ctx)
        case .created(let order, let result): return created(order, result, ctx)
        case .notSent(let order, let reason): return notSent(order, reason, ctx)
        case .deleted(let id, let error): return deleted(id, error: error, ctx)
        }
    }

    /// Applies one key; returns the effects for the runtime.
    public mutating func reduce(_ key: Key, _ ctx: KeyContext) -> [Effect] {
        if key == .ctrl("c") { return [.quit] }
        if message?.untilKey == true { message = nil }
        if form != nil { return formKey(key, ctx) }
        if case .paste(let text) = key { return paste(text) }
        if showHelp { return helpKey(key, ctx) }
        if showLog { return logKey(key, ctx) }
        if let prompt { return answer(prompt, key, ctx) }
        if let id = confirmingDelete { return answerDelete(id, key, ctx) }
        guard let command = keymap.command(for: key) else { return [] }
        let rows = self.rows(ctx.snapshot)
        let current = selected(in: rows)
        switch command {
        case .moveUp: focus == .detail ? scrollDetail(-1) : move(by: -1, rows)
        case .moveDown: focus == .detail ? scrollDetail(1) : move(by: 1, rows)
        case .pageUp: focus == .detail ? scrollDetail(-ctx.listHeight) : move(by: -ctx.listHeight, rows)
        case .pageDown: focus == .detail ? scrollDetail(ctx.listHeight) : move(by: ctx.listHeight, rows)
        case .first: focus == .detail ? (detailScroll = 0) : select(rows.first)
        case .last: if focus == .list { select(rows.last) }
        case .zoom: zoomed.toggle(); detailScroll = 0
        case .switchFocus: focus = focus == .list ? .detail : .list
        case .add:
            prompt = .addIDs
            input = InputLine(text: rejectedInput)
            rejectedInput = ""
        case .untrack:
            if let current, current.isRecent {
                say("\(current.id.prefix(8)) is not tracked: it is in the account's list", now: ctx.now)
            } else if let current { prompt = .confirmUntrack(current.id) }
        case .refresh:
            if ctx.snapshot.status.authFailure != nil {
                say("retrying with the key", now: ctx.now)
                return [.resumePolling]
            }
            guard let current else { return [] }
            say("refreshing \(current.id.prefix(8))", now: ctx.now)
            return [.refresh(current.id)]
        case .refreshAll:
            say("refreshing all \(ctx.snapshot.generations.count)", now: ctx.now)
            return ctx.snapshot.status.authFailure != nil ? [.resumePolling, .refreshAll] : [.refreshAll]
        case .filter:
            prompt = .filter
            input = InputLine(text: filter)
        case .clearFilter:
            if zoomed { zoomed = false } else { filter = "" }
        case .cycleSort:
            let all = SortOrder.allCases
            sort = all[(all.firstIndex(of: sort)! + 1) % all.count]
            sortReversed = false
            say("sorted \(sort.label)", now: ctx.now)
        case .help: showHelp = true
        case .newGeneration: openNewForm()
        case .extend: openExtendForm(current, ctx)
        case .again: openAgainForm(current, ctx)
        case .delete: askDelete(current, ctx)
        case .cycleTheme: return [.nextTheme]
        case .quit:
            // In the zoomed view `q` closes the zoom, as it closes a view in k9s and htop.
            if zoomed { zoomed = false; detailScroll = 0; return [] }
            return quit(ctx)
        case .download:
            guard let current else { return [] }
            return download(current, ctx)
        case .downloadAll: return downloadAll(ctx)
        case .cancelDownload:
            guard let current else { return [] }
            let short = current.id.prefix(8)
            switch ctx.downloads[current.id]?.phase {
            case nil:
                say("no download of \(short) to cancel", now: ctx.now)
                return []
            case .failed?: say("cleared the failed download of \(short)", now: ctx.now)
            case .queued?, .running?: say("cancelling the download of \(short)", now: ctx.now)
            }
            return [.cancelDownload(current.id)]
        case .open, .copy:
            guard let (choice, text) = urlChoice.effective(in: current?.generation) else {
                say("no URL yet: the answer has none", error: true, now: ctx.now)
                return []
            }
            let verb = command == .copy ? "copy" : "open"
            let url: WebURL
            do throws(RefusedURL) { url = try WebURL(text) } catch {
                say("refused to \(verb) the \(choice.label) URL: \(error)", error: true, now: ctx.now)
                return []
            }
            if command == .copy {
                say("copied the \(choice.label) URL", now: ctx.now)
                return [.copy(url)]
            }
            say("opening the \(choice.label) URL", now: ctx.now)
            return [.open(url)]
        case .showLog: showLog = true; logScroll = 0
        case .commandLine:
            prompt = .command()
            input = InputLine(text: rejectedCommand)
            rejectedCommand = ""
        case .cyclePreview:
            previewChoice = previewChoice.next
            say("preview: \(previewChoice.label)", now: ctx.now)
        case .nextURL, .previousURL:
            urlChoice = urlChoice.moved(by: command == .nextURL ? 1 : -1, in: current?.generation)
            if let (choice, _) = urlChoice.effective(in: current?.generation) {
                say("\(keymap.name(of: .open)) and \(keymap.name(of: .copy)) act on the \(choice.label) URL", now: ctx.now)
            }
        }
        return []
    }

    /// Scroll keys scroll a help taller than the screen; any other key closes it.
    private mutating func helpKey(_ key: Key, _ ctx: KeyContext) -> [Effect] {
        let most = max(0, keymap.bindings.count - ctx.helpLines)
        let step: Int? = switch key {
        case .down, .char("j"): 1
        case .up, .char("k"): -1
        case .pageDown, .char(" "): ctx.helpLines
        case .pageUp: -ctx.helpLines
        default: nil
        }
        guard most > 0, let step else {
            showHelp = false
            helpScroll = 0
            return []
        }
        helpScroll = min(most, max(0, helpScroll + step))
        return []
    }

    private mutating func downloadAll(_ ctx: KeyContext) -> [Effect] {
        var orders: [DownloadOrder] = []
        var refused = 0
        for g in ctx.snapshot.generations {
            switch ctx.verdict(g) {
            case .due(let url, let forgetSaved):
                orders.append(DownloadOrder(id: g.id, url: url, prompt: g.generation?.prompt, forgetSaved: forgetSaved))
            case .refused: refused += 1
            case .notFinished, .noURL, .alreadySaved, .queued, .running: break
            }
        }
        let note = refused == 0 ? "" : "; refused \(refused) whose URL may not leave lumatop"
        guard !orders.isEmpty else {
            say("nothing to download: every completed video is saved or on its way" + note, error: refused > 0, now: ctx.now)
            return []
        }
        say("queued \(orders.count) download\(orders.count == 1 ? "" : "s")" + note, error: refused > 0, now: ctx.now)
        return [.download(orders)]
    }

    /// Quits, or first asks while downloads are unfinished.
    mutating func quit(_ ctx: KeyContext) -> [Effect] {
        let active = ctx.downloads.values.filter(\.isActive).count
        if active > 0 { prompt = .confirmQuit(active); return [] }
        return [.quit]
    }

    mutating func download(_ g: TrackedGeneration, _ ctx: KeyContext) -> [Effect] {
        let short = g.id.prefix(8)
        switch ctx.verdict(g) {
        case .notFinished(let word): say("\(short) is \(word): nothing to download yet", error: true, now: ctx.now)
        case .noURL: say("\(short) has no video URL in its answer", error: true, now: ctx.now)
        case .refused(let why): say("refused to download \(short): \(why)", error: true, now: ctx.now)
        case .queued: say("\(short) is already queued", now: ctx.now)
        case .running: say("\(short) is already downloading", now: ctx.now)
        case .alreadySaved(let path): say("already saved: \(path)", now: ctx.now)
        case .due(let url, let forgetSaved):
            say("downloading \(short)", now: ctx.now)
            return [.download([DownloadOrder(id: g.id, url: url, prompt: g.generation?.prompt, forgetSaved: forgetSaved)])]
        }
        return []
    }

    private mutating func answer(_ asked: Prompt, _ key: Key, _ ctx: KeyContext) -> [Effect] {
        switch asked {
        case .confirmQuit:
            prompt = nil
            if key == .char("y") || key == .char("Y") { return [.quit] }
            say("still running", now: ctx.now)
            return []
        case .confirmUntrack(let id):
            prompt = nil
            guard key == .char("y") || key == .char("Y") else {
                say("kept \(id.prefix(8))", now: ctx.now)
                return []
            }
            // Keep the cursor where it was: select the row after (or before) the one removed.
            let rows = self.rows(ctx.snapshot)
            if let i = rows.firstIndex(where: { $0.id == id }) {
                let next = i + 1 < rows.count ? rows[i + 1] : (i > 0 ? rows[i - 1] : nil)
                selectedID = next?.id
            }
            say("untracked \(id.prefix(8))", now: ctx.now)
            return [.untrack(id)]
        case .filter:
            switch key {
            case .enter: prompt = nil
            case .escape: prompt = nil; filter = ""
            default: if input.edit(key) { filter = input.text }
            }
            listTop = 0
            return []
        case .addIDs: return addIDsKey(key, ctx)
        case .command: return commandKey(key, ctx)
        }
    }

    /// A paste is text for the open line, whatever it holds: its newlines separate ids in `a`,
    /// and it never answers a question or runs a command. With no line open it does nothing.
    private mutating func paste(_ text: String) -> [Effect] {
        switch prompt {
        case .addIDs?: input.insert(UntrustedText.line(text))
        case .command?:
            input.insert(UntrustedText.line(text))
            prompt = .command()
        case .filter?:
            input.insert(UntrustedText.line(text))
            filter = input.text
            listTop = 0
        case .confirmQuit?, .confirmUntrack?, nil: break
        }
        return []
    }

    private mutating func move(by delta: Int, _ rows: [TrackedGeneration]) {
        guard !rows.isEmpty else { return }
        let i = rows.firstIndex { $0.id == selected(in: rows)?.id } ?? 0
        select(rows[max(0, min(rows.count - 1, i + delta))])
    }

    private mutating func select(_ g: TrackedGeneration?) {
        if g?.id != selectedID { detailScroll = 0 }
        selectedID = g?.id
    }

    private mutating func scrollDetail(_ delta: Int) {
        detailScroll = max(0, detailScroll + delta)
    }
}

extension DashboardState {
    /// The download queue's news, as the bottom bar tells it; a saved file is kept with its generation.
    private mutating func downloadNews(_ event: DownloadEvent, _ ctx: KeyContext) -> [Effect] {
        switch event {
        case .changed: return []
        case .saved(let id, let file):
            say("saved \(id.prefix(8)) → \(file.path)", now: ctx.now)
            return [.recordSaved(id, path: file.path)]
        case .alreadySaved(let id, let file):
            say("already saved: \(file.path)", now: ctx.now)
            return [.recordSaved(id, path: file.path)]
        case .failed(let id, .busy): say("\(id.prefix(8)) is \(DownloadError.busy)", error: true, now: ctx.now)
        case .failed(let id, let error): say("download of \(id.prefix(8)) failed: \(error)", error: true, now: ctx.now)
        case .cancelled(let id): say("cancelled the download of \(id.prefix(8)); \(keymap.name(of: .download)) starts it again (a .part resumes)", now: ctx.now)
        }
        return []
    }
}
