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
    let alreadySaved = Locked([String: URL]())
    let failed = Locked([String: DownloadError]())
    let cancelled = Locked([String]())
    private var subscription: Subscription?

    init(_ queue: DownloadQueue) {
        subscription = queue.events.subscribe { [saved, alreadySaved, failed, cancelled] event in
            switch event {
            case .saved(let id, let file): saved.withLock { $0[id] = file }
            case .alreadySaved(let id, let file): alreadySaved.withLock { $0[id] = file }
            case .failed(let id, let error): failed.withLock { $0[id] = error }
            case .cancelled(let id): cancelled.withLock { $0.append(id) }
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
            #expect(queue.enqueue(id: name, url: try WebURL(host.url(name)), prompt: "clip \(name)"))
        }
        let early = queue.snapshot()
        #expect(early["aaaa1111"]?.phase == .running)
        #expect(early["bbbb2222"]?.phase == .running)
        #expect(early["cccc3333"]?.phase == .queued(position: 1))
        #expect(!queue.enqueue(id: "cccc3333", url: try WebURL(host.url("cccc3333")), prompt: nil), "already queued")
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
        queue.enqueue(id: "abcd1234-xyz", url: try WebURL(host.url("v.mp4")), prompt: "cat dance")
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
        queue.enqueue(id: "dead0000", url: try WebURL("\(missing.baseURL)/media/x.mp4"), prompt: nil)
        eventually("the failure") { !events.failed.current.isEmpty }
        #expect(events.failed.current["dead0000"] == .http(404))
        #expect(queue.snapshot()["dead0000"]?.phase == .failed(DownloadError.http(404).description))
        #expect(queue.enqueue(id: "dead0000", url: try WebURL("\(missing.baseURL)/media/x.mp4"), prompt: nil), "a retry is allowed")
        missing.stop()
    }

    @Test func cancellingARunningDownloadStopsItAndKeepsThePart() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = try SlowMediaHost(body: body, trickle: (bytes: 10_000, every: 0.1))
        let queue = DownloadQueue(directory: dir)
        let events = QueueEvents(queue)
        queue.enqueue(id: "feed5678", url: try WebURL(host.url("v.mp4")), prompt: "kept")
        let file = dir.appendingPathComponent("feed5678-kept.mp4")
        let partSize = { ((try? FileManager.default.attributesOfItem(atPath: file.path + ".part"))?[.size] as? Int) ?? 0 }
        eventually("some bytes written") { partSize() > 0 }
        #expect(queue.cancel(id: "feed5678"))
        eventually("the cancel reported") { events.cancelled.current == ["feed5678"] }
        eventually("the host saw the request end") { host.log.current.ended.count == 1 }
        #expect(events.saved.current.isEmpty && events.failed.current.isEmpty)
        #expect(queue.snapshot().isEmpty && queue.activeCount == 0, "a cancelled download is forgotten, not failed")
        #expect(!FileManager.default.fileExists(atPath: file.path))
        let kept = partSize()
        #expect(kept > 0 && kept < body.count, "the .part stays for a resume: \(kept) bytes")
        #expect(!queue.cancel(id: "feed5678"), "nothing left to cancel")

        // Asked again, it is fetched whole (this host ignores Range) and saved.
        #expect(queue.enqueue(id: "feed5678", url: try WebURL(host.url("v.mp4")), prompt: "kept"))
        eventually(timeout: 30, "saved after all") { events.saved.current["feed5678"] != nil }
        #expect(try Data(contentsOf: file) == body)
    }

    @Test func cancellingAQueuedDownloadTakesItOffBeforeItAsks() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = try SlowMediaHost(body: body, delay: 0.5)
        let queue = DownloadQueue(directory: dir, maxConcurrent: 1)
        let events = QueueEvents(queue)
        queue.enqueue(id: "first111", url: try WebURL(host.url("first")), prompt: nil)
        queue.enqueue(id: "second22", url: try WebURL(host.url("second")), prompt: nil)
        queue.enqueue(id: "third333", url: try WebURL(host.url("third")), prompt: nil)
        #expect(queue.snapshot()["second22"]?.phase == .queued(position: 1))
        #expect(queue.cancel(id: "second22"))
        #expect(queue.snapshot()["second22"] == nil)
        #expect(queue.snapshot()["third333"]?.phase == .queued(position: 1), "the rest move up")
        eventually("the others saved") { events.saved.current.count == 2 }
        #expect(events.cancelled.current == ["second22"])
        #expect(host.log.current.arrived == ["first", "third"], "the cancelled one never asked")
    }

    @Test func cancelForgetsAFailureAndKnowsNothingElse() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = try DemoServer(handler: { _ in .text(404, "gone") }).started()
        defer { missing.stop() }
        let queue = DownloadQueue(directory: dir)
        let events = QueueEvents(queue)
        #expect(!queue.cancel(id: "never000"))
        queue.enqueue(id: "dead0000", url: try WebURL("\(missing.baseURL)/media/x.mp4"), prompt: nil)
        eventually("the failure") { !events.failed.current.isEmpty }
        #expect(queue.cancel(id: "dead0000"))
        #expect(queue.snapshot().isEmpty)
        #expect(events.cancelled.current.isEmpty, "a failure is cleared, not reported cancelled")
    }

    @Test func idsSharingAShortIDNeverShareAFile() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = try SlowMediaHost(body: body, delay: 0.3)
        let queue = DownloadQueue(directory: dir)
        let events = QueueEvents(queue)
        queue.enqueue(id: "12345678-aaaa", url: try WebURL(host.url("a")), prompt: "same")
        queue.enqueue(id: "12345678-bbbb", url: try WebURL(host.url("b")), prompt: "same")
        eventually("both saved") { events.saved.current.count == 2 }
        let names = Set(events.saved.current.values.map(\.lastPathComponent))
        #expect(names == ["12345678-same.mp4", "12345678-same-1.mp4"])
    }
}

extension DownloadQueueTests {
    @Test func anIDSavedAlreadyIsReportedNotFetchedAgain() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = try SlowMediaHost(body: body)
        let queue = DownloadQueue(directory: dir)
        let events = QueueEvents(queue)
        let url = try WebURL(host.url("v.mp4"))
        queue.enqueue(id: "abcd1234-0001", url: url, prompt: "once")
        eventually("saved") { events.saved.current.count == 1 }
        let file = dir.appendingPathComponent("abcd1234-once.mp4")
        #expect(events.saved.current["abcd1234-0001"] == file)
        #expect(queue.enqueue(id: "abcd1234-0001", url: url, prompt: "once"))
        eventually("reported") { events.alreadySaved.current.count == 1 }
        #expect(events.alreadySaved.current["abcd1234-0001"] == file)
        #expect(host.log.current.arrived.count == 1, "not fetched again")
        #expect(queue.snapshot().isEmpty && queue.activeCount == 0)

        // Another id with the same short id and prompt is its own file; so is a deleted one.
        queue.enqueue(id: "abcd1234-0002", url: url, prompt: "once")
        eventually("saved") { events.saved.current.count == 2 }
        #expect(events.saved.current["abcd1234-0002"] == dir.appendingPathComponent("abcd1234-once-1.mp4"))
        try FileManager.default.removeItem(at: file)
        queue.enqueue(id: "abcd1234-0001", url: url, prompt: "once")
        eventually("fetched again") { host.log.current.arrived.count == 3 }
        eventually("saved") { (try? Data(contentsOf: file)) == body }
    }
}

extension DemoServer {
    func started() throws -> DemoServer {
        try start()
        return self
    }
}
