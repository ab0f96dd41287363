import Foundation
import Testing
@testable import LumaKit

/// `tracked.json` as read record by record, and the shape it is written in.
@Suite struct StateFileTests {
    let example = try! GenerationDecoder.decode(Data(Fixtures.example.utf8))
    let t = Date(timeIntervalSince1970: 1_800_000_000.125)

    func records(_ n: Int) -> [TrackedRecord] {
        (0..<n).map { i in
            var g = example
            g.id = "id\(i)"
            return TrackedRecord(id: g.id, trackedAt: t + Double(i), stateChangedAt: t + 60, lastPolledAt: i % 2 == 0 ? nil : t,
                                 answer: i % 3 == 0 ? nil : g, savedPath: i % 5 == 0 ? "/v/\(i) é.mp4" : nil)
        }
    }

    @Test func theArtifactsCopiesAreNamedNotWrittenAgain() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = TrackedFile(directory: dir)
        try file.update { $0 = [TrackedRecord(id: example.id, trackedAt: t, answer: example)] }
        let text = try String(contentsOf: file.url, encoding: .utf8)
        #expect(text.contains(#""repeats":["video","video_raw","thumbnail","last_frame"]"#))
        let urls = text.components(separatedBy: "video0b6619468da8e409da860706bbf26bbad.mp4").count - 1
        #expect(urls == 3, "video, its download_url, video_raw")
        #expect(try file.load().records[0].answer == example)
        // The Codable path reads the same file to the same answer.
        let doc = try JSONDecoder.state.decode(TrackedDocument.self, from: Data(contentsOf: file.url))
        #expect(doc.generations[0].answer == example)
    }

    @Test func aFileInThePreviousShapeLoads() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = TrackedFile(directory: dir)
        // As the previous lumatop wrote it: the same encoder without the state-file mark (the
        // artifact written in full) and with slashes escaped.
        let old = JSONEncoder.state
        old.userInfo = [:]
        old.outputFormatting = [.sortedKeys]
        let written = records(7)
        let data = try old.encode(TrackedDocument(generations: written))
        #expect(!String(decoding: data, as: UTF8.self).contains("repeats"))
        try data.write(to: file.url)
        let loaded = try file.load()
        #expect(loaded.notice == nil)
        #expect(loaded.records == written)
        // Its URLs were written with escaped slashes; equal ones still share one storage.
        #expect(String(decoding: data, as: UTF8.self).contains(#"https:\/\/"#))
        var a = try #require(loaded.records[1].answer?.video?.url), b = try #require(loaded.records[1].answer?.videoRaw?.url)
        #expect(a.withUTF8 { $0.baseAddress } == b.withUTF8 { $0.baseAddress })
    }

    @Test func oldShapeWithTimesLoads() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = TrackedFile(directory: dir)
        let answer = Fixtures.example
        let text = #"{"generations":[{"answer":"# + answer + #","id":"4665a07c-7641-4809-a133-10786201bb56","saved_path":"\/v\/a.mp4","state_changed_at":"2027-01-15T08:01:00.000Z","tracked_at":"2027-01-15T08:00:00.250Z"},{"id":"b","tracked_at":"2027-01-15T08:00:00.000Z","answer":null,"unknown":[1,{"x":2}]}],"version":1}"#
        try Data(text.utf8).write(to: file.url)
        let loaded = try file.load()
        #expect(loaded.notice == nil)
        #expect(loaded.records.map(\.id) == [example.id, "b"])
        #expect(loaded.records[0].answer == example)
        #expect(loaded.records[0].savedPath == "/v/a.mp4")
        #expect(loaded.records[0].trackedAt == Date(timeIntervalSince1970: 1_800_000_000.25))
        #expect(loaded.records[1].answer == nil && loaded.records[1].stateChangedAt == nil)
    }

    @Test(arguments: [1, 7, 64, 4096])
    func readAcrossChunkBoundaries(chunk: Int) throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = TrackedFile(directory: dir)
        let written = records(40)
        try file.update { $0 = written }
        let fd = open(file.url.path, O_RDONLY)
        defer { close(fd) }
        let contents = try TrackedFileStream.read(fd: fd, chunk: chunk)
        #expect(contents.version == 1)
        #expect(contents.records == written)
    }

    @Test(arguments: [
        (#"{"generations":[],"version":1"#, "not JSON"),
        (#"{"generations":[{"id":"a","tracked_at":"2027-01-15T08:00:00Z"},],"version":1}"#, "not JSON"),
        (#"{"generations":[{"id":"a"}],"version":1}"#, #"missing "tracked_at" in generations[0]"#),
        (#"{"generations":[{"id":"a","tracked_at":"then"}],"version":1}"#, "generations[0].tracked_at: not an ISO 8601 time"),
        (#"{"generations":[{"id":"a","tracked_at":"2027-01-15T08:00:00Z","answer":{"id":"a"}}],"version":1}"#, #"missing "state" in generations[0].answer"#),
        (#"{"generations":[]}"#, #"missing "version""#),
        (#"{"version":1}"#, #"missing "generations""#),
        (#"{"generations":{},"version":1}"#, "generations: expected an array"),
        (#"[]"#, "expected an object"),
        (#"{"generations":[],"version":1} x"#, "not JSON"),
    ])
    func corruptFilesSayWhy(content: String, reason: String) throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = TrackedFile(directory: dir)
        try Data(content.utf8).write(to: file.url)
        let notice = try #require(try file.load().notice)
        #expect(notice.contains(reason), "\(notice)")
    }

    @Test func savedTimesComeBackEqual() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = TrackedFile(directory: dir)
        var g = example
        g.createdAt = Date(timeIntervalSince1970: 1_734_874_720.139)
        let times = (0..<500).map { Date(timeIntervalSince1970: Double(1_700_000_000_000 + $0 * 1_001) / 1000) }
        try file.update { records in
            records = times.map { TrackedRecord(id: "i\($0.timeIntervalSince1970)", trackedAt: $0, stateChangedAt: $0, answer: g) }
        }
        let loaded = try file.load().records
        #expect(loaded.map(\.trackedAt) == times)
        #expect(loaded.allSatisfy { $0.answer == g })
        // Nothing changed, so nothing is written again.
        let before = try FileManager.default.attributesOfItem(atPath: file.url.path)[.modificationDate] as? Date
        try file.update { _ in }
        #expect(try FileManager.default.attributesOfItem(atPath: file.url.path)[.modificationDate] as? Date == before)
    }
}
