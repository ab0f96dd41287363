import Foundation
import Testing
@testable import LumaKit
#if canImport(Glibc)
import Glibc
#endif

/// Moving from `tracked.json`: a file written by the last release before the database
/// (Tests/Fixtures/tracked-347e791.json, made by that commit's `track`, `status` and `download`)
/// is imported whole, once, in one transaction, and renamed.
@Suite struct LegacyImportTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/tracked-347e791.json")

    /// The records as the old reader reads them: what the import must keep.
    func fixtureRecords() throws -> [TrackedRecord] {
        let fd = open(Self.fixture.path, O_RDONLY)
        defer { close(fd) }
        return try TrackedList.readLegacyDocument(fd: fd, chunk: 4096).records
    }

    func directoryWithFixture() throws -> URL {
        let dir = temporaryDirectory()
        try FileManager.default.copyItem(at: Self.fixture, to: dir.appendingPathComponent("tracked.json"))
        return dir
    }

    @Test func everythingInTheLastReleasesFileIsImported() throws {
        let dir = try directoryWithFixture()
        defer { try? FileManager.default.removeItem(at: dir) }
        let old = try fixtureRecords()
        #expect(old.count == 6)
        #expect(old.contains { $0.savedPath != nil } && old.contains { $0.answer == nil })
        let list = TrackedList(directory: dir)
        let loaded = try list.load().records
        #expect(loaded.map(\.id) == old.map(\.id))
        for (new, was) in zip(loaded, old) {
            #expect(new.answer == was.answer, "\(was.id)")
            #expect(new.savedPath == was.savedPath && new.trackedAt == was.trackedAt && new.stateChangedAt == was.stateChangedAt)
        }
        let notices = list.takeNotices()
        #expect(notices == ["imported 6 generations from \(dir.path)/tracked.json (kept as \(dir.path)/tracked.json.imported)"])
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(!names.contains("tracked.json") && names.contains("tracked.json.imported"))
        #expect(try Data(contentsOf: dir.appendingPathComponent("tracked.json.imported")) == Data(contentsOf: Self.fixture))
        // Once only.
        let again = TrackedList(directory: dir)
        #expect(try again.load().records.count == 6)
        #expect(again.takeNotices().isEmpty)
    }

    @Test func processesStartingTogetherImportOnce() throws {
        let dir = try directoryWithFixture()
        defer { try? FileManager.default.removeItem(at: dir) }
        DispatchQueue.concurrentPerform(iterations: 6) { i in
            do { try TrackedList(directory: dir).track(["new-\(i)"]) } catch { Issue.record("\(error)") }
        }
        let ids = try TrackedList(directory: dir).load().records.map(\.id)
        #expect(ids.count == 12 && Set(ids).count == 12)
        #expect(Array(ids.prefix(6)) == (try fixtureRecords()).map(\.id))
    }

    @Test(arguments: [
        (#"{"generations":[],"version":1"#, "not JSON"),
        (#"{"generations":[{"id":"a"}],"version":1}"#, #"missing "tracked_at" in generations[0]"#),
        (#"{"generations":[{"id":"a","tracked_at":"then"}],"version":1}"#, "generations[0].tracked_at: not an ISO 8601 time"),
        (#"{"generations":[{"id":"a","tracked_at":"2027-01-15T08:00:00Z","answer":{"id":"a"}}],"version":1}"#, #"missing "state" in generations[0].answer"#),
        (#"{"version":1}"#, #"missing "generations""#),
        ("\u{0}\u{1}garbage", "expected an object"),
    ])
    func aCorruptFileIsMovedAsideAndSaysWhy(content: String, reason: String) throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(content.utf8).write(to: dir.appendingPathComponent("tracked.json"))
        let list = TrackedList(directory: dir)
        #expect(try list.load().records.isEmpty)
        let notice = try #require(list.takeNotices().first)
        #expect(notice.contains(reason) && notice.contains("tracked.json.corrupt-"), "\(notice)")
        let aside = try #require(try FileManager.default.contentsOfDirectory(atPath: dir.path).first { $0.hasPrefix("tracked.json.corrupt-") })
        #expect(try String(contentsOf: dir.appendingPathComponent(aside), encoding: .utf8) == content)
    }

    @Test func aFileFromANewerLumatopIsRefusedAndKept() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("tracked.json")
        try Data(#"{"generations":[],"version":2}"#.utf8).write(to: file)
        #expect { try TrackedList(directory: dir).load() } throws: {
            ($0 as? PersistenceError)?.description.contains("newer lumatop (version 2)") == true
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == #"{"generations":[],"version":2}"#)
    }

    /// The shape of older files still: the artifact in full, slashes escaped, keys in any order,
    /// unknown keys skipped.
    @Test(arguments: [1, 7, 64, 4096])
    func anOlderShapeReadsAcrossChunkBoundaries(chunk: Int) throws {
        let example = try GenerationDecoder.decode(Data(Fixtures.example.utf8))
        let escaped = Fixtures.example.replacingOccurrences(of: "/", with: "\\/")
        let text = #"{"version":1,"generations":[{"answer":"# + escaped + #","id":"4665a07c-7641-4809-a133-10786201bb56","saved_path":"\/v\/a.mp4","state_changed_at":"2027-01-15T08:01:00.000Z","tracked_at":"2027-01-15T08:00:00.250Z"},{"id":"b","tracked_at":"2027-01-15T08:00:00.000Z","answer":null,"unknown":[1,{"x":2}]}]}"#
        let path = temporaryDirectory().appendingPathComponent("old.json")
        try Data(text.utf8).write(to: path)
        let fd = open(path.path, O_RDONLY)
        defer { close(fd) }
        let read = try TrackedList.readLegacyDocument(fd: fd, chunk: chunk)
        #expect(read.records.map(\.id) == [example.id, "b"])
        #expect(read.records[0].answer == example && read.records[0].savedPath == "/v/a.mp4")
        #expect(read.records[0].trackedAt == Date(timeIntervalSince1970: 1_800_000_000.25))
        #expect(read.records[1].answer == nil && read.records[1].stateChangedAt == nil)
    }
}
