import Foundation
import Testing
@testable import LumaKit
#if canImport(Glibc)
import Glibc
#endif

/// The state directory as someone else may have left it: symlinks planted where lumatop writes,
/// a lock it cannot open, no write access at all.
@Suite struct StateFileSafetyTests {
    /// A file outside the state directory that must come out of every test as it went in.
    struct Outside {
        let dir = temporaryDirectory()
        var precious: URL { dir.appendingPathComponent("precious") }
        var absent: URL { dir.appendingPathComponent("absent") }
        init() throws { try Data("precious".utf8).write(to: precious) }

        func expectUntouched(sourceLocation: SourceLocation = #_sourceLocation) throws {
            #expect(try String(contentsOf: precious, encoding: .utf8) == "precious", sourceLocation: sourceLocation)
            #expect(!FileManager.default.fileExists(atPath: absent.path), "created through a symlink",
                    sourceLocation: sourceLocation)
        }
    }

    func plant(_ name: String, in dir: URL, to target: URL) throws {
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent(name).path,
                                                   withDestinationPath: target.path)
    }

    func isSymlink(_ url: URL) -> Bool {
        var st = stat()
        return lstat(url.path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
    }

    @Test(arguments: [false, true])
    func aSymlinkAtTheTemporaryNameIsNeverWrittenThrough(dangling: Bool) throws {
        let dir = temporaryDirectory(), outside = try Outside()
        defer { for d in [dir, outside.dir] { try? FileManager.default.removeItem(at: d) } }
        let file = TrackedFile(directory: dir)
        try file.update { $0.addMissing(["a"], at: Date()) }
        // The name this process writes its temporary file under first.
        try plant(".tracked.json.\(getpid()).tmp", in: dir, to: dangling ? outside.absent : outside.precious)
        try file.update { $0.addMissing(["b"], at: Date()) }
        try outside.expectUntouched()
        #expect(!isSymlink(file.url))
        #expect(try TrackedFile(directory: dir).load().records.map(\.id) == ["a", "b"])
    }

    @Test(arguments: [false, true])
    func aSymlinkAtTheLockNameIsNeverOpened(dangling: Bool) throws {
        let dir = temporaryDirectory(), outside = try Outside()
        defer { for d in [dir, outside.dir] { try? FileManager.default.removeItem(at: d) } }
        let file = TrackedFile(directory: dir)
        try file.update { $0.addMissing(["a"], at: Date()) }
        let before = try Data(contentsOf: file.url)
        let lock = dir.appendingPathComponent("tracked.json.lock")
        try FileManager.default.removeItem(at: lock)
        try plant(lock.lastPathComponent, in: dir, to: dangling ? outside.absent : outside.precious)

        #expect(throws: PersistenceError.self) { try file.update { $0.addMissing(["b"], at: Date()) } }
        // Reading still works, and says changes are not kept.
        let loaded = try file.load()
        #expect(loaded.records.map(\.id) == ["a"])
        #expect(file.notKept?.contains("changes are not kept") == true)
        try outside.expectUntouched()
        #expect(try Data(contentsOf: file.url) == before)
    }

    @Test func settingAsideNeverReplacesAFile() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let from = dir.appendingPathComponent("from"), to = dir.appendingPathComponent("to")
        try Data("new".utf8).write(to: from)
        try Data("old".utf8).write(to: to)
        #expect(!SafeFile.moveNoReplace(from: from.path, to: to.path))
        #expect(errno == EEXIST)
        #expect(try String(contentsOf: to, encoding: .utf8) == "old")
        try FileManager.default.removeItem(at: to)
        #expect(SafeFile.moveNoReplace(from: from.path, to: to.path))
        #expect(try String(contentsOf: to, encoding: .utf8) == "new")
        #expect(!FileManager.default.fileExists(atPath: from.path))
    }

    @Test func readingAMissingDirectoryCreatesNothing() throws {
        let root = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let dir = root.appendingPathComponent("not/yet")
        let file = TrackedFile(directory: dir)
        #expect(try file.load().records.isEmpty)
        #expect(file.notKept == nil)
        try file.update { $0.removeAll { $0.id == "x" } }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("not").path))
    }

    /// A state directory whose lock cannot be opened for writing (a directory in its place, which
    /// stops root as well): the list and the answers in it are read, nothing is written, and the
    /// engine keeps changes in memory only.
    @Test func anUnwritableLockStillReadsAndWritesNothing() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try TrackedFile(directory: dir).update { $0.addMissing(["a", "b"], at: Date()) }
        let lock = dir.appendingPathComponent("tracked.json.lock")
        try FileManager.default.removeItem(at: lock)
        try FileManager.default.createDirectory(at: lock, withIntermediateDirectories: false)
        try expectReadOnly(dir)
    }

    @Test func aCorruptFileIsLeftInPlaceWhenNothingCanBeWritten() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = TrackedFile(directory: dir)
        try Data("{not json".utf8).write(to: file.url)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("tracked.json.lock"),
                                                withIntermediateDirectories: false)
        let loaded = try file.load()
        #expect(loaded.records.isEmpty)
        #expect(loaded.notice?.contains("left it as it is") == true, "\(loaded.notice ?? "no notice")")
        #expect(try String(contentsOf: file.url, encoding: .utf8) == "{not json")
    }

    /// The same with the permission bits of the directory, as a user meets it. Root ignores them:
    /// CommandLineTests run the binary as nobody for that case.
    @Test(.enabled(if: geteuid() != 0, "root ignores permission bits; ReadOnlyStateTests cover it as nobody"))
    func aReadOnlyDirectoryStillReadsAndWritesNothing() throws {
        let dir = temporaryDirectory()
        defer {
            chmod(dir.path, 0o700)
            try? FileManager.default.removeItem(at: dir)
        }
        try TrackedFile(directory: dir).update { $0.addMissing(["a", "b"], at: Date()) }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("tracked.json.lock"))
        chmod(dir.path, 0o555)
        try expectReadOnly(dir)
    }

    func expectReadOnly(_ dir: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = TrackedFile(directory: dir)
        let before = try Data(contentsOf: file.url)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        let engine = Engine(client: NeverClient(), file: file, policy: PollPolicy())
        try engine.load()
        #expect(engine.store.ids == ["a", "b"], sourceLocation: sourceLocation)
        #expect(file.notKept?.hasSuffix("changes are not kept") == true, sourceLocation: sourceLocation)
        try engine.track(["c"])
        try engine.untrack(["a"])
        #expect(engine.store.ids == ["b", "c"], sourceLocation: sourceLocation)
        engine.store.apply("b", .success(Generation(id: "b", state: .completed)), at: Date(), nextPollAt: nil)
        engine.stop()
        #expect(try Data(contentsOf: file.url) == before, sourceLocation: sourceLocation)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == names,
                sourceLocation: sourceLocation)
        #expect(throws: PersistenceError.self, sourceLocation: sourceLocation) {
            try file.update { $0.addMissing(["d"], at: Date()) }
        }
    }
}
