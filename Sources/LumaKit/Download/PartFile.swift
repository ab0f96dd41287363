import Foundation
import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// The `.part` of one download, open and locked for as long as it is written. The lock is a
/// `flock`, so it holds across processes: a second lumatop finds it taken and says so instead of
/// writing into the same file.
final class PartFile: Sendable {
    let path: String
    private let fd: Int32
    private var name: String { URL(fileURLWithPath: path).lastPathComponent }

    /// Takes the lock, waiting a moment when it is held: a child that another thread of ours is
    /// starting holds a copy of every descriptor until its `exec`, a lock released just before
    /// included. A lock still held after that is another download's. Runs on the download's queue.
    private static func lock(_ fd: Int32) -> Bool {
        for _ in 0..<25 {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return true }
            guard errno == EWOULDBLOCK else { return false }
            usleep(10_000)
        }
        errno = EWOULDBLOCK
        return false
    }

    /// Opens `path` (created when missing) and locks it; never through a symbolic link, never a
    /// file with a second hard link. A part left by another id, or by an older lumatop, is
    /// written over rather than resumed: what it holds is unknown.
    init(path: String, id: String) throws(DownloadError) {
        self.path = path
        let name = URL(fileURLWithPath: path).lastPathComponent
        var opened: Int32 = -1
        for _ in 0..<3 where opened < 0 {
            let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o666)
            guard fd >= 0 else { throw .io("cannot open \(name): \(String(cString: strerror(errno)))") }
            guard Self.lock(fd) else {
                let busy = errno == EWOULDBLOCK
                Glibc.close(fd)
                if busy { throw .busy }
                throw .io("cannot lock \(name)")
            }
            var mine = stat(), there = stat()
            guard fstat(fd, &mine) == 0, mine.st_mode & S_IFMT == S_IFREG, mine.st_nlink == 1 else {
                Glibc.close(fd)
                throw .io("\(name) is not a plain file")
            }
            // The holder before us may have renamed it into place meanwhile: lock the one there now.
            if stat(path, &there) == 0, there.st_dev == mine.st_dev, there.st_ino == mine.st_ino {
                opened = fd
            } else {
                Glibc.close(fd)
            }
        }
        guard opened >= 0 else { throw .busy }
        fd = opened
        if FileTag.id.read(fd) != id {
            FileTag.total.remove(fd)
            FileTag.id.write(fd, id)
        }
    }

    var size: Int64 {
        var info = stat()
        return fstat(fd, &info) == 0 ? Int64(info.st_size) : 0
    }

    /// The total size the host named when this part was started, if it was noted.
    var knownTotal: Int64? { FileTag.total.read(fd).flatMap(DeclaredSize.number) }

    func remember(total: Int64?) {
        if let total { FileTag.total.write(fd, String(total)) } else { FileTag.total.remove(fd) }
    }

    /// Empties the part, to be written from the first byte.
    func startOver() throws(DownloadError) {
        FileTag.total.remove(fd)
        guard ftruncate(fd, 0) == 0, lseek(fd, 0, SEEK_SET) == 0 else { throw failure("cannot empty") }
    }

    /// Positions writes after what the part holds.
    func continueAtEnd() throws(DownloadError) {
        guard lseek(fd, 0, SEEK_END) >= 0 else { throw failure("cannot seek in") }
    }

    func append(_ buffer: ByteBuffer) throws(DownloadError) {
        var failed = false
        buffer.withUnsafeReadableBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { failed = true; return }
                offset += n
            }
        }
        if failed { throw failure("cannot write") }
    }

    /// Moves the finished part to `file`, or to the next free `-N` name when something appeared
    /// at `file` meanwhile: never over a file, whoever put it there.
    func finish(as file: URL) throws(DownloadError) -> URL {
        guard fsync(fd) == 0 else { throw failure("cannot flush") }
        FileTag.total.remove(fd)
        for n in 0..<10_000 {
            let target = DownloadName.numbered(file, n)
            // Another download is writing towards that name: leave it to that one.
            if n > 0, access(target.path + ".part", F_OK) == 0 { continue }
            let status = Self.placeWithoutReplacing(path, at: target.path)
            if status == 0 { return target }
            if status != EEXIST { throw .io("cannot rename \(name) to \(target.lastPathComponent): \(String(cString: strerror(status)))") }
        }
        throw .io("no free name for \(file.lastPathComponent)")
    }

    /// Unlocks; a part that never received a byte is removed first.
    func close() {
        if size == 0 { unlink(path) }
        Glibc.close(fd)
    }

    private func failure(_ what: String) -> DownloadError {
        .io("\(what) \(name): \(String(cString: strerror(errno)))")
    }

    /// 0, or the errno: `renameat2` with `RENAME_NOREPLACE`; where the file system has no such
    /// rename, `link` (which never replaces) and `unlink`.
    static func placeWithoutReplacing(_ from: String, at to: String) -> Int32 {
        if let renameat2 {
            if renameat2(AT_FDCWD, from, AT_FDCWD, to, 1 /* RENAME_NOREPLACE */) == 0 { return 0 }
            let status = errno
            guard status == EINVAL || status == ENOSYS || status == EOPNOTSUPP else { return status }
        }
        guard link(from, to) == 0 else { return errno }
        unlink(from)
        return 0
    }

    /// glibc's `renameat2`, which Swift's Glibc module does not import.
    private static let renameat2: (@convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32)? = {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2").map {
            unsafeBitCast($0, to: (@convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32).self)
        }
    }()
}
