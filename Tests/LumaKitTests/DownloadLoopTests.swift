import Foundation
import NIOPosix
import Testing
import LumaDemo
@testable import LumaKit

/// Writing a `.part` never holds the event loop that polling shares with downloads.
@Suite struct DownloadLoopTests {
    let video = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
    /// One event loop for both clients: whatever blocks it blocks both. Never shut down: the
    /// clients' own shutdown, when they go, still needs it.
    static let loop = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    @Test func aPollIsAnsweredWhileTheDownloadsWritesAreHeld() throws {
        let loop = Self.loop
        let writing = DispatchSemaphore(value: 0)
        let held = DispatchGroup()
        held.enter()
        let downloader = Downloader(eventLoopGroup: loop, beforeWrite: {
            writing.signal()
            _ = held.wait(timeout: .now() + 10)
        })
        let media = try MediaHost(video: video)
        let api = ScriptedService(apiKey: "test-key")
        api.script("abc", [answer("abc", .completed)])
        let server = try api.serve()
        defer { server.stop() }
        let client = QuickRouterClient(endpoint: try ServiceEndpoint(server.baseURL), apiKey: "test-key", eventLoopGroup: loop)

        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("abc.mp4")
        let saved = Locked(Result<URL, DownloadError>?.none)
        let finished = DispatchSemaphore(value: 0)
        downloader.download(try WebURL(media.url), to: file, id: "abc") { result in
            saved.withLock { $0 = result }
            finished.signal()
        }
        #expect(writing.wait(timeout: .now() + 10) == .success, "the download reached its first write")

        let polled = Locked(Result<Generation, APIError>?.none)
        let answered = DispatchSemaphore(value: 0)
        client.fetch("abc") { result in
            polled.withLock { $0 = result }
            answered.signal()
        }
        let answeredWhileHeld = answered.wait(timeout: .now() + 10) == .success
        held.leave()
        #expect(answeredWhileHeld, "the poll was answered while the file write was still held")
        #expect(finished.wait(timeout: .now() + 30) == .success)
        #expect(try saved.current?.get() == file)
        #expect(try Data(contentsOf: file) == video)
        #expect(try polled.current?.get().state == .completed)
    }
}
