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
            help: ArgumentHelp("Folder to save into (default: the config's download_dir, else $XDG_DOWNLOAD_DIR/lumatop, else ~/Downloads/lumatop).",
                               valueName: "dir"))
    var output: String?

    @Argument(help: ArgumentHelp("Task ids of completed generations." + shortIDHelp, valueName: "task-id"))
    var taskIDs: [String]

    func run() throws {
        try validateIDs(taskIDs)
        let service = try options.resolve()
        defer { service.close() }
        let env = ProcessInfo.processInfo.environment
        let folder = output.map { URL(fileURLWithPath: $0) }
            ?? UserConfig.current.downloadDir.map { UserConfig.expand($0, environment: env) }
            ?? DownloadName.defaultDirectory(environment: env)
        let ids = unique(try resolveIDs(taskIDs, in: service.list))
        let results = service.client.fetchOnce(ids, policy: service.policy)
        saveAnswers(results, ids: ids, list: service.list, at: Date())

        let savedBefore = (try? service.list.savedPaths(of: ids)) ?? [:]
        var wanted: [(id: String, url: WebURL, prompt: String?)] = []
        var failed = false
        for (id, result) in zip(ids, results) {
            let answer: Generation
            switch result {
            case .failure(let error):
                warn("\(id): \(UntrustedText.line(error.message))")
                failed = true
                continue
            case .success(let g): answer = g
            }
            switch DownloadRule.verdict(answer, savedPath: savedBefore[id], status: nil) {
            case .notFinished(let word):
                warn("\(id) is \(UntrustedText.line(word)): nothing to download yet")
                failed = true
            case .noURL:
                warn("\(id): the answer has no video URL")
                failed = true
            case .refused(let why):
                warn("\(id): refused the video URL: \(why)")
                failed = true
            case .alreadySaved(let path):
                FileHandle.standardError.write(UntrustedText.line("already saved \(id.prefix(8)) → \(path)") + "\n")
                emitLine(path)
            case .due(let url, _):
                wanted.append((id, url, answer.prompt))
            case .queued, .running:
                // Nothing is queued before this loop: a fresh queue is made below.
                break
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
