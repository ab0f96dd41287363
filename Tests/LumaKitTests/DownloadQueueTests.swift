import Foundation
import Testing
import LumaDemo
@testable import LumaKit

/// A media host whose answers take a while: counts downloads in progress, records the order they
/// arrived and ended, and can trickle the body so a download is seen half done.
final class SlowMediaHost: @unchecked Sendable {
    struct Log { var inProgress = 0; var most = 0; var arrived: [String] = []; var ended: [String] = [] }
    let log = Locked(Log())
    let server: DemoServer

    init(body: Data, delay: TimeInterval = 0, trickle: (bytes: Int, every: TimeInterval)? = nil) throws {
        let log = self.log
        server = DemoServer(handler: { request in
            let name = String(request.path.split(separator: "/").last ?? "")
            log.withLock { l in l.inProgress += 1; l.most = max(l.most, l.inProgress); l.arrived.append(name) }
            var r = DemoResponse(status: 200, headers: [("Content-Type", "video/mp4")], body: body, delay: delay)
            r.trickle = trickle
            r.onFinished = { log.withLock { l in l.inProgress -= 1; l.ended.append(name) } }
            return r
        })
        try server.start()
    }

    func url(_ name: String) -> String { "\(server.baseURL)/media/\(name)" }
    deinit { server.stop() }
}

/// Collects a queue's events.
final class QueueEvents: @unchecked Sendable {
    let saved = Locked([String: URL]())
    let failed = Locked([String: DownloadError]())
    private var subscription: Subscription?

    init(_ queue: DownloadQueue) {
        subscription = queue.events.subscribe { [saved, failed] event in
            switch event {
            case .saved(let id, let file): saved.withLock { $0[id] = file }
            case .failed(let id, let error): failed.withLock { $0[id] = error }
            case .changed: break
            }
        }
    }
}

@Suite struct DownloadQueueTests {
    let body = Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })

    @Test func twoRunAtOnceAndTheThirdWaitsItsTurn() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = try SlowMediaHost(body: body, delay: 0.8)
        let queue = DownloadQueue(directory: dir)
        let events = QueueEvents(queue)
        for name in ["aaaa1111", "bbbb2222", "cccc3333"] {
            #expect(queue.enqueue(id: name, url: host.url(name), prompt: "clip \(name)"))
        }
        let early = queue.snapshot()
        #expect(early["aaaa1111"]?.phase == .running)
        #expect(early["bbbb2222"]?.phase == .running)
        #expect(early["cccc3333"]?.phase == .queued(position: 1))
        #expect(!queue.enqueue(id: "cccc3333", url: host.url("cccc3333"), prompt: nil), "already queued")
        eventually("three saved") { events.saved.current.count == 3 }
        let log = host.log.current
        #expect(log.most == 2)
        // The third asked only after one of the first two had ended.
        #expect(log.arrived.last == "cccc3333")
        #expect(log.ended.count == 3)
        for (id, file) in events.saved.current {
            #expect(try Data(contentsOf: file) == body)
            #expect(file.lastPathComponent == "\(id)-clip-\(id).mp4")
        }
        #expect(queue.activeCount == 0)
        #expect(queue.snapshot().isEmpty)
    }

    @Test func thePartIsNeverRenamedWhileIncomplete() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // 200 kB at 10 kB every 50 ms: about a second of download to look at.
        let host = try SlowMediaHost(body: body, trickle: (bytes: 10_000, every: 0.05))
        let queue = DownloadQueue(directory: dir.appendingPathComponent("made/on/demand"))
        let events = QueueEvents(queue)
        queue.enqueue(id: "abcd1234-xyz", url: host.url("v.mp4"), prompt: "cat dance")
        let file = dir.appendingPathComponent("made/on/demand/abcd1234-cat-dance.mp4")
        var sawHalfDone = false
        var renamedEarly = false
        while events.saved.current.isEmpty && events.failed.current.isEmpty {
            let part = (try? FileManager.default.attributesOfItem(atPath: file.path + ".part"))?[.size] as? Int ?? 0
            if part > 0 && part < body.count {
                sawHalfDone = true
                if FileManager.default.fileExists(atPath: file.path) { renamedEarly = true }
                if case .running? = queue.snapshot()["abcd1234-xyz"]?.phase {} else { renamedEarly = true }
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(sawHalfDone, "the download was watched half done")
        #expect(!renamedEarly)
        #expect(events.saved.current["abcd1234-xyz"] == file)
        #expect(try Data(contentsOf: file) == body)
        #expect(!FileManager.default.fileExists(atPath: file.path + ".part"))
    }

    @Test func aFailureStaysUntilQueuedAgain() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = try DemoServer(handler: { _ in .text(404, "gone") }).started()
        let queue = DownloadQueue(directory: dir)
        let events = QueueEvents(queue)
        queue.enqueue(id: "dead0000", url: "\(missing.baseURL)/media/x.mp4", prompt: nil)
        eventually("the failure") { !events.failed.current.isEmpty }
        #expect(events.failed.current["dead0000"] == .http(404))
        #expect(queue.snapshot()["dead0000"]?.phase == .failed(DownloadError.http(404).description))
        #expect(queue.enqueue(id: "dead0000", url: "\(missing.baseURL)/media/x.mp4", prompt: nil), "a retry is allowed")
        missing.stop()
    }

    @Test func idsSharingAShortIDNeverShareAFile() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = try SlowMediaHost(body: body, delay: 0.3)
        let queue = DownloadQueue(directory: dir)
        let events = QueueEvents(queue)
        queue.enqueue(id: "12345678-aaaa", url: host.url("a"), prompt: "same")
        queue.enqueue(id: "12345678-bbbb", url: host.url("b"), prompt: "same")
        eventually("both saved") { events.saved.current.count == 2 }
        let names = Set(events.saved.current.values.map(\.lastPathComponent))
        #expect(names == ["12345678-same.mp4", "12345678-same-1.mp4"])
    }
}

extension DemoServer {
    func started() throws -> DemoServer {
        try start()
        return self
    }
}
