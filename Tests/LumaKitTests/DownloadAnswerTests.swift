import Foundation
import Testing
import LumaDemo
@testable import LumaKit

/// Media hosts that answer wrongly: each answer ends in the right file or in a `.part` with a
/// reason, never in a wrong file reported saved.
@Suite struct DownloadAnswerTests {
    static let video = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
    var video: Data { Self.video }

    @Test func aBodyEndingOnlyWithTheConnectionStaysAPart() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = try ScriptedMediaHost([MediaAnswer.framed(video, .untilClose)])
        let file = dir.appendingPathComponent("abc.mp4")
        let result = fetch(host.url, to: file)
        #expect(result == .failure(.endUnknown(got: Int64(video.count))))
        #expect(!exists(file))
        #expect(size(part(file)) == video.count, "kept for a later try")
        #expect(DownloadError.endUnknown(got: 5).description.contains("kept the .part"))
    }

    @Test func aChunkedBodyIsSavedOnlyWithItsLastChunk() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cut = try ScriptedMediaHost([MediaAnswer.framed(video.prefix(120_000), .chunked(lastChunk: false))])
        let file = dir.appendingPathComponent("abc.mp4")
        // How much arrives before the close is timing (a loaded machine loses the tail), not behaviour.
        guard case .failure(.endUnknown(let got)) = fetch(cut.url, to: file) else {
            Issue.record("a chunked body without its last chunk was taken as whole")
            return
        }
        #expect(got > 0 && got <= 120_000)
        #expect(!exists(file))
        #expect(size(part(file)).map(Int64.init) == got)

        let whole = try ScriptedMediaHost([MediaAnswer.framed(video, .chunked(lastChunk: true))])
        #expect(try fetch(whole.url, to: file).get() == file)
        #expect(try Data(contentsOf: file) == video)
        #expect(!exists(part(file)))
    }

    /// After a first answer cut short at 100,000 of 300,000 bytes, the resume is answered with
    /// these 206s: none continues the part with the same total, so each starts over.
    @Test(arguments: [
        "bytes 0-299999/300000",           // not where the part ends
        "bytes 50000-299999/300000",
        "bytes 100001-299999/300000",
        "bytes 100000-300499/300500",      // another total
        "bytes 100000-199999/200000",
        "bytes 100000-299999/*",           // no total
        "bytes 100000-1e19/300000",
        "bytes 100000-99999999999999999999/300000",
        "bytes 100000-299999/99999999999999999999",
        "bytes 100000-299999/-1",
        "bytes -5-299999/300000",
        "bytes 299999-100000/300000",
        "bytes 100000-299999/300000/1",
        "bytes=100000-299999/300000",
        "100000-299999/300000",
        "",
    ])
    func aWrongResumeStartsOverWithoutRange(contentRange: String) throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let headers = contentRange.isEmpty ? [] : [(name: "Content-Range", value: contentRange)]
        let host = try ScriptedMediaHost([
            MediaAnswer.cut(video, after: 100_000),
            MediaAnswer.framed(Data(repeating: 0xEE, count: 200_000), .length, status: 206, headers: headers),
            MediaAnswer.whole(video),
        ])
        let file = dir.appendingPathComponent("abc.mp4")
        _ = fetch(host.url, to: file)
        #expect(try fetch(host.url, to: file).get() == file)
        #expect(try Data(contentsOf: file) == video)
        #expect(host.ranges == [nil, "bytes=100000-", nil])
    }

    @Test func aResumeWhoseLengthDisagreesWithItsRangeStartsOver() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = try ScriptedMediaHost([
            MediaAnswer.cut(video, after: 100_000),
            MediaAnswer.framed(video.suffix(from: 150_000), .length, status: 206,
                               headers: [("Content-Range", "bytes 100000-299999/300000")]),
            MediaAnswer.whole(video),
        ])
        let file = dir.appendingPathComponent("abc.mp4")
        _ = fetch(host.url, to: file)
        #expect(try fetch(host.url, to: file).get() == file)
        #expect(try Data(contentsOf: file) == video)
    }

    @Test func aResumeSendingMoreThanItsRangeIsNeverSaved() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = try ScriptedMediaHost([
            MediaAnswer.cut(video, after: 100_000),
            MediaAnswer.framed(video.suffix(from: 100_000), .chunked(lastChunk: true), status: 206,
                               headers: [("Content-Range", "bytes 100000-199999/300000")]),
        ])
        let file = dir.appendingPathComponent("abc.mp4")
        _ = fetch(host.url, to: file)
        guard case .failure(.badAnswer) = fetch(host.url, to: file) else { Issue.record("taken"); return }
        #expect(!exists(file))
    }

    @Test func partOfAFileWhenAllOfItWasAskedIsRefused() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = try ScriptedMediaHost([MediaAnswer.framed(video.prefix(1000), .length, status: 206,
                                                             headers: [("Content-Range", "bytes 0-999/300000")])])
        let file = dir.appendingPathComponent("abc.mp4")
        let result = fetch(host.url, to: file)
        guard case .failure(.badAnswer) = result else { Issue.record("\(result)"); return }
        #expect(!exists(file) && !exists(part(file)))
    }

    @Test(arguments: ["-5", "1e19", "99999999999999999999", "18446744073709551616", "9223372036854775808", "abc", "",
                      "300000, 300001", "0x493E0", "+300000", "300000.0", "1e308"])
    func absurdLengthsNeverTrapAndSaveNothing(length: String) throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = try ScriptedMediaHost([MediaAnswer.framed(video, .declaredLength(length))])
        let file = dir.appendingPathComponent("abc.mp4")
        let result = fetch(host.url, to: file)
        #expect(throws: DownloadError.self) { try result.get() }
        #expect(!exists(file))
    }

    @Test func declaredSizesAreDigitsOrNothing() {
        #expect(DeclaredSize.number("300000") == 300_000)
        #expect(DeclaredSize.number("999999999999999999") == 999_999_999_999_999_999)
        for bad in ["", "-1", "+1", "1e19", "9999999999999999999", "1 ", " 1", "١٢", "0x10", "inf", "nan"] {
            #expect(DeclaredSize.number(bad) == nil, "\(bad)")
        }
        #expect(DeclaredSize.contentLength(["12", "12"]) == 12)
        #expect(DeclaredSize.contentLength(["12, 12"]) == 12)
        #expect(DeclaredSize.contentLength(["12", "13"]) == nil)
        #expect(DeclaredSize.ContentRange("bytes 5-9/10").map { [$0.first, $0.last, $0.total, $0.length] } == [5, 9, 10, 5])
        #expect(DeclaredSize.ContentRange("bytes 5-10/10") == nil)
    }

    @Test func aFileAppearingAtTheNameMeanwhileIsNeverOverwritten() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = try SlowMediaHost(body: video, trickle: (bytes: 30_000, every: 0.05))
        let file = dir.appendingPathComponent("abc.mp4")
        let done = Locked(Result<URL, DownloadError>?.none)
        Downloader().download(try WebURL(host.url("v.mp4")), to: file, id: "abc-id") { r in done.withLock { $0 = r } }
        eventually("some bytes written") { (size(part(file)) ?? 0) > 0 }
        let theirs = Data("someone else's file".utf8)
        try theirs.write(to: file)
        try theirs.write(to: dir.appendingPathComponent("abc-1.mp4"))
        eventually("the download ended") { done.current != nil }
        let saved = dir.appendingPathComponent("abc-2.mp4")
        #expect(try done.current?.get() == saved)
        #expect(try Data(contentsOf: file) == theirs)
        #expect(try Data(contentsOf: dir.appendingPathComponent("abc-1.mp4")) == theirs)
        #expect(try Data(contentsOf: saved) == video)
        #expect(!exists(part(file)))
    }

    @Test func placingNeverReplacesAndFallsBackToLink() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a").path, b = dir.appendingPathComponent("b").path
        try Data("a".utf8).write(to: URL(fileURLWithPath: a))
        try Data("b".utf8).write(to: URL(fileURLWithPath: b))
        #expect(PartFile.placeWithoutReplacing(a, at: b) == EEXIST)
        #expect(try String(contentsOfFile: b, encoding: .utf8) == "b")
        #expect(PartFile.placeWithoutReplacing(a, at: b + "2") == 0)
        #expect(!FileManager.default.fileExists(atPath: a))
    }

    @Test func aPlantedLinkIsNeverWrittenThrough() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = try ScriptedMediaHost([MediaAnswer.whole(video)])
        let victim = dir.appendingPathComponent("victim")
        try Data("precious".utf8).write(to: victim)
        let file = dir.appendingPathComponent("abc.mp4")
        try FileManager.default.createSymbolicLink(at: part(file), withDestinationURL: victim)
        guard case .failure(.io) = fetch(host.url, to: file) else { Issue.record("a symbolic link was used"); return }
        #expect(link(victim.path, dir.appendingPathComponent("other.mp4.part").path) == 0)
        guard case .failure(.io) = fetch(host.url, to: dir.appendingPathComponent("other.mp4")) else {
            Issue.record("a second hard link was used"); return
        }
        #expect(try Data(contentsOf: victim) == Data("precious".utf8))
        #expect(host.seen.current.isEmpty)
    }

    @Test func twoDownloadsNeverWriteOnePart() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = try SlowMediaHost(body: video, trickle: (bytes: 30_000, every: 0.05))
        let file = dir.appendingPathComponent("abc.mp4")
        let first = Locked(Result<URL, DownloadError>?.none)
        Downloader().download(try WebURL(host.url("v.mp4")), to: file, id: "abc-id") { r in first.withLock { $0 = r } }
        eventually("some bytes written") { (size(part(file)) ?? 0) > 0 }
        // Its own open file, as another process would have.
        #expect(fetch(host.url("v.mp4"), to: file) == .failure(.busy))
        eventually("the first ended") { first.current != nil }
        #expect(try first.current?.get() == file)
        #expect(try Data(contentsOf: file) == video)
        #expect(host.log.current.arrived.count == 1, "the second never asked")
    }
}
