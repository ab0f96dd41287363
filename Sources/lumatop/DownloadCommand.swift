import ArgumentParser
import Foundation
import LumaKit
import LumaUI

struct Download: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Download the videos of completed generations.",
        discussion: """
            Fetches each generation, then saves its video (video_raw, else the download
            URL, else the video URL) as <short id>-<prompt slug>.mp4, two at a time. Only
            http and https URLs are fetched. A file is written as NAME.part and renamed
            when known complete; an interrupted download resumes where the server allows
            it. Existing files are never overwritten; an id already saved is not fetched
            again. Prints each saved path on stdout; progress goes to stderr.

            Exit 0 when every video was saved, 1 when any was not, 2 for usage or
            configuration errors.

            Examples:
              lumatop download 4665a07c-7641-4809-a133-10786201bb56
              lumatop download --output ~/Videos ID1 ID2
            """)

    @OptionGroup var options: ServiceOptions

    @Option(name: [.short, .long],
            help: ArgumentHelp("Folder to save into (default: $XDG_DOWNLOAD_DIR/lumatop, else ~/Downloads/lumatop).",
                               valueName: "dir"))
    var output: String?

    @Argument(help: ArgumentHelp("Task ids of completed generations.", valueName: "task-id"))
    var taskIDs: [String]

    func run() throws {
        try validateIDs(taskIDs)
        let service = try options.resolve()
        defer { service.close() }
        let env = ProcessInfo.processInfo.environment
        let folder = output.map { URL(fileURLWithPath: $0) } ?? DownloadName.defaultDirectory(environment: env)
        let ids = unique(taskIDs)
        let results = service.client.fetchOnce(ids, policy: service.policy)
        saveAnswers(results, ids: ids, list: service.list, at: Date())

        let savedBefore = savedFiles(ids, in: service.list)
        var wanted: [(id: String, url: WebURL, prompt: String?)] = []
        var failed = false
        for (id, result) in zip(ids, results) {
            switch result {
            case .failure(let error):
                warn("\(id): \(UntrustedText.line(error.message))")
                failed = true
            case .success(let g) where g.state != .completed:
                warn("\(id) is \(UntrustedText.line(g.state.word)): nothing to download yet")
                failed = true
            case .success(let g):
                guard let text = g.downloadURL else {
                    warn("\(id): the answer has no video URL")
                    failed = true
                    continue
                }
                if let path = savedBefore[id] {
                    FileHandle.standardError.write(UntrustedText.line("already saved \(id.prefix(8)) → \(path)") + "\n")
                    emitLine(path)
                    continue
                }
                do throws(RefusedURL) {
                    wanted.append((id, try WebURL(text), g.prompt))
                } catch {
                    warn("\(id): refused the video URL: \(error)")
                    failed = true
                }
            }
        }
        let saved = download(wanted, into: folder)
        recordSaved(saved, in: service.list)
        if failed || saved.count < wanted.count { throw ExitCode(1) }
    }

    /// Runs the queue to the end; returns where each saved id went.
    private func download(_ wanted: [(id: String, url: WebURL, prompt: String?)], into folder: URL) -> [String: String] {
        guard !wanted.isEmpty else { return [:] }
        let queue = DownloadQueue(directory: folder)
        let reporter = DownloadReporter(queue: queue, order: wanted.map(\.id))
        let done = DispatchSemaphore(value: 0)
        let saved = Locked([String: String]())
        let subscription = queue.events.subscribe { event in
            switch event {
            case .changed: reporter.update()
            case .saved(let id, let file):
                saved.withLock { $0[id] = file.path }
                reporter.finished("saved \(id.prefix(8)) → \(file.path)", stdout: file.path)
                done.signal()
            case .alreadySaved(let id, let file):
                saved.withLock { $0[id] = file.path }
                reporter.finished("already saved \(id.prefix(8)) → \(file.path)", stdout: file.path)
                done.signal()
            case .failed(let id, let error):
                reporter.finished("\(id): \(error)", isError: true)
                done.signal()
            case .cancelled(let id):
                // Nothing here cancels; counted so the wait still ends.
                reporter.finished("\(id): \(DownloadError.cancelled)", isError: true)
                done.signal()
            }
        }
        for w in wanted { queue.enqueue(id: w.id, url: w.url, prompt: w.prompt) }
        for _ in wanted { done.wait() }
        subscription.cancel()
        reporter.clear()
        return saved.current
    }

    /// Tracked ids already saved whose file is still there, with its path.
    private func savedFiles(_ ids: [String], in list: TrackedList) -> [String: String] {
        ((try? list.savedPaths(of: ids)) ?? [:]).filter { FileManager.default.fileExists(atPath: $0.value) }
    }

    /// Keeps each saved path with its generation, for ids that are tracked.
    private func recordSaved(_ saved: [String: String], in list: TrackedList) {
        guard !saved.isEmpty, list.notKept == nil else { return }
        do {
            try list.record([], saved: saved)
        } catch {
            warn("could not record the saved paths: \(error)")
        }
    }
}

/// Progress on stderr: on a terminal, one live line per running download, redrawn in place;
/// otherwise plain lines when a download starts and ends.
final class DownloadReporter: @unchecked Sendable {
    private let queue: DownloadQueue
    /// Each id's place in the command line, for `[2/5]`.
    private let position: [String: Int]
    private let live = isatty(STDERR_FILENO) != 0
    private let lock = NSLock()
    private var shown = 0
    private var announced = Set<String>()

    init(queue: DownloadQueue, order: [String]) {
        self.queue = queue
        position = Dictionary(order.enumerated().map { ($1, $0 + 1) }, uniquingKeysWith: { a, _ in a })
    }

    func update() {
        lock.lock(); defer { lock.unlock() }
        let running = queue.snapshot().filter { $0.value.phase == .running }.sorted { (position[$0.key] ?? 0) < (position[$1.key] ?? 0) }
        guard live else {
            for (id, s) in running where announced.insert(id).inserted {
                FileHandle.standardError.write(UntrustedText.line("downloading \(id.prefix(8)) → \(s.file?.path ?? "?")") + "\n")
            }
            return
        }
        redraw(running)
    }

    /// A line that stays: the live lines are taken away first, so stdout and stderr sharing one
    /// terminal never overwrite each other.
    func finished(_ line: String, isError: Bool = false, stdout: String? = nil) {
        lock.lock(); defer { lock.unlock() }
        if live { erase() }
        FileHandle.standardError.write((isError ? "lumatop: " : "") + UntrustedText.line(line) + "\n")
        if let stdout { emitLine(stdout) }
        if live { redraw(queue.snapshot().filter { $0.value.phase == .running }.sorted { (position[$0.key] ?? 0) < (position[$1.key] ?? 0) }) }
    }

    func clear() {
        lock.lock(); defer { lock.unlock() }
        if live { erase() }
    }

    private func redraw(_ running: [(key: String, value: DownloadStatus)]) {
        erase()
        let width = terminalWidth()
        var text = ""
        for (id, s) in running {
            let head = "[\(position[id] ?? 0)/\(position.count)] \(id.prefix(8)) "
            text += head + ProgressLine.text(s, width: max(10, width - head.count - 1)) + "\n"
        }
        FileHandle.standardError.write(text)
        shown = running.count
    }

    /// Moves up over the live lines and clears them.
    private func erase() {
        guard shown > 0 else { return }
        FileHandle.standardError.write(String(repeating: "\u{1B}[1A\u{1B}[2K", count: shown) + "\r")
        shown = 0
    }

    private func terminalWidth() -> Int {
        var ws = winsize()
        return ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &ws) == 0 && ws.ws_col > 0 ? Int(ws.ws_col) : 80
    }
}
