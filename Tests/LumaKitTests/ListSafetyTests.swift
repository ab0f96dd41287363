import Foundation
import GRDB
import Testing
@testable import LumaKit
#if canImport(Glibc)
import Glibc
#endif

/// The state directory as the world may leave it: a corrupt database, symlinks planted at its
/// names, no room on the disk, no write access.
@Suite struct ListSafetyTests {
    let t = Date(timeIntervalSince1970: 1_800_000_000)

    func names(_ dir: URL) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() }

    @Test(arguments: ["garbage", "truncated", "damaged"])
    func aCorruptDatabaseIsMovedAsideAndReported(kind: String) throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent(TrackedList.fileName).path
        if kind == "garbage" {
            try Data("this is not a database, it is a note\n".utf8).write(to: URL(fileURLWithPath: path))
        } else {
            let list = TrackedList(directory: dir)
            try list.track((0..<400).map { "id-\($0)" }, at: t)
            try list.record((0..<400).map { .init(id: "id-\($0)", answer: Generation(id: "id-\($0)", state: .completed,
                                                                                     prompt: String(repeating: "p", count: 300)), at: t) })
            // Written into the database itself, as after a checkpoint.
            try DatabaseQueue(path: path).writeWithoutTransaction { _ = try $0.checkpoint(.truncate) }
            let fd = open(path, O_RDWR)
            defer { close(fd) }
            if kind == "truncated" {
                ftruncate(fd, 4096 * 3)
            } else {
                let junk = [UInt8](repeating: 0xA5, count: 4096 * 4)
                pwrite(fd, junk, junk.count, 4096 * 2)
            }
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let list = TrackedList(directory: dir)
        let loaded = try list.load()
        #expect(loaded.records.count == 0)
        let notices = list.takeNotices()
        #expect(notices.count == 1 && notices[0].contains("was corrupt"), "\(notices)")
        let aside = try #require(try names(dir).first { $0.hasPrefix(TrackedList.fileName + ".corrupt-") })
        #expect(notices[0].contains(aside))
        // Never silently replaced: the bytes are kept under the new name.
        #expect(try Data(contentsOf: dir.appendingPathComponent(aside)) == bytes)
        // The new list works.
        try list.track(["fresh"], at: t)
        #expect(try TrackedList(directory: dir).load().records.map(\.id) == ["fresh"])
    }

    @Test(arguments: ["", "-wal", "-shm"])
    func aSymlinkAtTheDatabasesNamesIsNeverWrittenThrough(suffix: String) throws {
        let dir = temporaryDirectory()
        let outside = temporaryDirectory()
        defer { for d in [dir, outside] { try? FileManager.default.removeItem(at: d) } }
        let precious = outside.appendingPathComponent("precious")
        try Data("precious".utf8).write(to: precious)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent(TrackedList.fileName + suffix).path,
                                                   withDestinationPath: precious.path)
        let list = TrackedList(directory: dir)
        #expect { try list.track(["a"]) } throws: {
            ($0 as? LumaKit.PersistenceError)?.description.contains("is not a regular file; refusing to use it") == true
        }
        #expect(try String(contentsOf: precious, encoding: .utf8) == "precious")
    }

    @Test func aPathThroughAFileIsNoStateDirectory() throws {
        let root = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("x".utf8).write(to: root.appendingPathComponent("file"))
        let list = TrackedList(directory: root.appendingPathComponent("file"))
        #expect { try list.track(["a"]) } throws: { ($0 as? LumaKit.PersistenceError)?.description.contains("state directory") == true }
    }
}

/// A real file system that runs out of room, or is mounted read-only: a tmpfs mounted for the
/// test (root only, as on the CI machines).
@Suite(.serialized, .enabled(if: geteuid() == 0, "mounting a small file system needs root"))
struct ListDiskTests {
    let t = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aFullDiskIsAClearErrorAndTheEngineKeepsEverythingForLater() throws {
        let mount = try Tmpfs(kilobytes: 512)
        defer { mount.remove() }
        let dir = mount.dir.appendingPathComponent("state")
        let errors = Locked([String]())
        let engine = Engine(client: NeverClient(), list: TrackedList(directory: dir), policy: PollPolicy(),
                            onPersistenceError: { e in errors.withLock { $0.append(e.description) } })
        try engine.load()
        let ids = (0..<20).map { "id-\($0)" }
        engine.track(ids)
        engine.flush()
        // Fill the disk to the last block.
        let filler = mount.dir.appendingPathComponent("filler")
        let fd = open(filler.path, O_WRONLY | O_CREAT, 0o600)
        let block = [UInt8](repeating: 1, count: 4096)
        while write(fd, block, block.count) > 0 {}
        close(fd)
        let big = String(repeating: "a long prompt ", count: 300)
        for id in ids { engine.store.apply(id, .success(Generation(id: id, state: .completed, prompt: big)), at: t, nextPollAt: nil) }
        engine.stop()
        #expect(errors.current.first?.contains("the disk is full") == true, "\(errors.current)")
        // The engine goes on: the answers are in the store.
        #expect(engine.store.snapshot().generations.allSatisfy { $0.state == .completed })
        // Room again: what could not be written is written on the next try.
        try FileManager.default.removeItem(at: filler)
        engine.store.apply("id-0", .success(Generation(id: "id-0", state: .completed, prompt: "changed")), at: t, nextPollAt: nil)
        engine.stop()
        let kept = try TrackedList(directory: dir).load().records
        #expect(kept.count == 20)
        #expect(kept.allSatisfy { $0.answer?.state == .completed }, "\(kept.map { $0.answer?.state.word ?? "-" })")
    }

    @Test func aReadOnlyFileSystemIsReadAndNothingIsWritten() throws {
        let mount = try Tmpfs(kilobytes: 1024)
        defer { mount.remove() }
        let dir = mount.dir.appendingPathComponent("state")
        do {
            let list = TrackedList(directory: dir)
            try list.track(["a", "b"], at: t)
            try list.record([.init(id: "a", answer: Generation(id: "a", state: .processing), at: t)])
        }
        try mount.remountReadOnly()
        let before = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        let list = TrackedList(directory: dir)
        let engine = Engine(client: NeverClient(), list: list, policy: PollPolicy())
        try engine.load()
        #expect(engine.store.ids == ["a", "b"])
        #expect(engine.store.snapshot()["a"]?.state == .processing)
        #expect(list.notKept?.hasSuffix("changes are not kept") == true, "\(list.notKept ?? "nil")")
        // Changes live in memory for this session.
        engine.track(["c"])
        engine.untrack(["a"])
        engine.store.apply("b", .success(Generation(id: "b", state: .completed)), at: t, nextPollAt: nil)
        engine.stop()
        #expect(engine.store.ids == ["b", "c"])
        #expect { try list.track(["d"]) } throws: { ($0 as? LumaKit.PersistenceError)?.description.contains("not kept") == true }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == before)
        #expect(try TrackedList(directory: dir).load().records.map(\.id) == ["a", "b"])
    }
}

/// A tmpfs of a given size on a new directory; `remove` unmounts it.
struct Tmpfs {
    let dir = temporaryDirectory()

    init(kilobytes: Int) throws {
        try Self.run(["/bin/mount", "-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", dir.path])
    }

    func remountReadOnly() throws { try Self.run(["/bin/mount", "-o", "remount,ro", dir.path]) }

    func remove() {
        try? Self.run(["/bin/umount", "-l", dir.path])
        try? FileManager.default.removeItem(at: dir)
    }

    static func run(_ command: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: command[0])
        p.arguments = Array(command.dropFirst())
        try p.run()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "\(command.joined(separator: " ")) failed")
    }
}
