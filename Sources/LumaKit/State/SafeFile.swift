import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Files made in a directory others may write to as well: nothing is ever written through a
/// symlink planted there, and nothing that appeared there meanwhile is ever replaced.
enum SafeFile {
    /// Creates a file that did not exist (`O_EXCL | O_NOFOLLOW`), write-only, owner-only: `name`,
    /// else `name` with a random tag when that is taken. Nil with `errno` set when it cannot.
    static func createNew(in directory: URL, named name: String) -> (fd: Int32, path: String)? {
        var path = directory.appendingPathComponent(name).path
        for _ in 0..<16 {
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 { return (fd, path) }
            guard errno == EEXIST else { return nil }
            path = directory.appendingPathComponent("\(name).\(UInt32.random(in: 0...UInt32.max))").path
        }
        return nil
    }

    /// Opens a lock file, creating it if needed, never through a symlink. -1 with `errno` set.
    static func openLock(_ path: String) -> Int32 {
        open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
    }

    /// Moves `from` to `to` unless something is at `to` already (then false, `errno` EEXIST). A
    /// hard link then an unlink: Glibc's `renameat2(RENAME_NOREPLACE)` is not visible to Swift.
    static func moveNoReplace(from: String, to: String) -> Bool {
        if link(from, to) == 0 {
            unlink(from)
            return true
        }
        guard errno != EEXIST else { return false }
        // A file system without hard links: look, then rename.
        var st = stat()
        guard lstat(to, &st) != 0 else {
            errno = EEXIST
            return false
        }
        return rename(from, to) == 0
    }

    /// Moves a file that cannot be used to `<path>.corrupt-<time>` (`-1`, `-2`, … when that is
    /// taken): its bytes are kept, never overwritten. Returns where it went; nil with `errno` set.
    static func moveAside(_ path: String, at date: Date = Date()) -> String? {
        var stamp = WireDate.format(date)
        stamp.removeAll { $0 == ":" || $0 == "-" }
        stamp = String(stamp.prefix { $0 != "." }) + "Z"
        var target = "\(path).corrupt-\(stamp)"
        var n = 1
        while !moveNoReplace(from: path, to: target) {
            guard errno == EEXIST else { return nil }
            target = "\(path).corrupt-\(stamp)-\(n)"
            n += 1
        }
        return target
    }

    /// The text of an `errno` value.
    static func describe(_ code: Int32) -> String { String(cString: strerror(code)) }
}
