import Foundation
import Testing
@testable import LumaKit
@testable import LumaRuntime
import LumaUI

/// A runtime on a TestTerminal over an engine whose store the test fills; the poller is never
/// started, so nothing leaves the process unless a test asks (downloads go to 127.0.0.1:1).
final class Dashboard {
    let engine: Engine
    let terminal: TestTerminal
    let runtime: Runtime
    let folder: URL
    /// False once the runtime said to stop.
    private(set) var running = true

    static let completed = "c0mpleted-0000-4809-a133-10786201bb56"
    static let processing = "pr0cessing-0000-4809-a133-10786201bb56"
    static let failed = "fa1led-0000-4809-a133-10786201bb56"

    init(width: Int = 100, height: Int = 30, environment: [String: String] = [:], notify: Bool = false,
         hook: CompletionHook? = nil, themes: [Theme] = [.default, .default], previews: Previews? = nil,
         pictures: (thumbnail: String, lastFrame: String)? = nil, creator: (any GenerationsCreator)? = nil,
         deleter: (any GenerationsDeleter)? = nil) {
        engine = Engine(client: Unreachable(), list: nil, policy: PollPolicy())
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lumatop-runtime-\(UUID().uuidString)")
        terminal = TestTerminal(width: width, height: height)
        var services = Services(downloads: DownloadQueue(directory: folder), notify: notify, onComplete: hook,
                                environment: environment, previews: previews, creator: creator)
        services.deleter = deleter
        runtime = Runtime(engine: engine, services: services, terminal: terminal, host: "test", themes: themes)
        let now = Date()
        var records: [TrackedGeneration] = []
        for (i, (id, state)) in [(Self.failed, GenerationState.failed), (Self.processing, .processing),
                                 (Self.completed, .completed)].enumerated() {
            var g = Generation(id: id, state: state, prompt: "prompt of \(id.prefix(4))", aspectRatio: "16:9",
                               createdAt: now - Double(300 - i * 100))
            if state == .completed {
                g.video = Media(url: "http://127.0.0.1:1/\(id).mp4", width: 1360, height: 752,
                                downloadURL: "http://127.0.0.1:1/\(id).mp4?dl=1")
                g.thumbnail = Media(url: pictures?.thumbnail ?? "http://127.0.0.1:1/\(id).jpg", width: 1360, height: 752)
                g.lastFrame = pictures.map { Media(url: $0.lastFrame) }
            }
            if state == .failed { g.failureReason = "moderation" }
            var t = TrackedGeneration(id: id, firstSeen: now - 300)
            t.generation = g
            records.append(t)
        }
        engine.store.insert(records)
        _ = runtime.turn()
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Presses keys, one turn of the runtime each.
    func press(_ keys: Key...) {
        for key in keys where running {
            terminal.send(.key(key))
            running = runtime.turn()
        }
    }

    func type(_ text: String) { for c in text { press(.char(c)) } }

    /// One turn for news left in the inbox by other threads.
    func turn() { if running { running = runtime.turn() } }

    var state: DashboardState { runtime.state }
    var screen: String { terminal.text }
    var ids: [String] { state.rows(engine.store.snapshot()).map(\.id) }
}

/// The client of an engine whose poller never starts.
struct Unreachable: GenerationsClient {
    func fetch(_ id: String, completion: @escaping @Sendable (Result<Generation, APIError>) -> Void) {
        Issue.record("the runtime tests poll nothing, yet \(id) was asked")
        completion(.failure(.notFound))
    }
}

/// Waits for work another thread does (a download failing, an opener exiting): a few
/// milliseconds normally; records an issue after `timeout`.
func eventually(timeout: TimeInterval = 30, _ what: String, _ condition: () -> Bool) async {
    let end = Date() + timeout
    while Date() < end {
        if condition() { return }
        try? await Task.sleep(for: .milliseconds(5))
    }
    // A test may be resumed only long after its sleep ends (other tests hold the threads): look
    // once more before giving up.
    if !condition() { Issue.record("timed out waiting for \(what)") }
}
