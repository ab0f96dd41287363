import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Preview images kept on disk so a restart shows them at once: one owner-only file per URL in an
/// owner-only directory, written whole or not at all (a temporary file renamed into place), and
/// at most `limit` bytes in all, the least recently used going first (a read marks use by the
/// file's time). Anything wrong with an entry makes it a miss; anything wrong with the directory
/// only turns caching off, said by `notCached`: a preview is then fetched every time. Only files
/// the cache named are ever removed, never through a symlink.
///
/// Calls block on the disk: make them off the main thread. One process's calls may overlap with
/// another lumatop's: each entry is replaced whole, and an eviction that races a write only costs
/// a refetch.
public final class PreviewCache: Sendable {
    public static let defaultLimit = 200 << 20

    public let directory: URL
    public let limit: Int
    private let scheduler: any Scheduler
    private let state = Locked(State())

    private struct State {
        var prepared = false
        var notCached: String?
    }

    /// A cache in `directory` (made on the first write), holding at most `limit` bytes; file times
    /// come from `scheduler`'s clock.
    public init(directory: URL, limit: Int = defaultLimit, scheduler: any Scheduler = DispatchScheduler()) {
        self.directory = directory.standardizedFileURL
        self.limit = max(0, limit)
        self.scheduler = scheduler
    }

    /// `$XDG_CACHE_HOME/lumatop/previews`, else `~/.cache/lumatop/previews`.
    public static func defaultDirectory(environment env: [String: String]) -> URL {
        if let cache = env["XDG_CACHE_HOME"], cache.hasPrefix("/") {
            return URL(fileURLWithPath: cache).appendingPathComponent("lumatop/previews")
        }
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".cache/lumatop/previews")
    }

    /// Why previews are not being cached (the directory cannot be made or written), once that is
    /// known; nil while they are. Reading what is there still works. Cleaned for a screen: the
    /// path comes from the environment.
    public var notCached: String? { state.current.notCached.map(UntrustedText.line) }

    /// The bytes cached for `url`, marked as just used; nil on a miss. An entry that is
    /// truncated, corrupt or unreadable is removed.
    public func read(_ url: String) -> [UInt8]? {
        guard PreviewCacheEntry.canKey(url) else { return nil }
        let path = directory.appendingPathComponent(PreviewCacheEntry.name(for: url)).path
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            // Missing, or a symlink (ELOOP): not ours to follow or remove.
            if errno != ENOENT && errno != ELOOP { unlink(path) }
            return nil
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let file = st.st_size <= Self.largestEntry ? Self.readAll(fd, size: Int(st.st_size)) : nil
        switch file.map({ PreviewCacheEntry.decode($0, url: url) }) ?? .corrupt {
        case .body(let body):
            mark(fd)
            return body
        case .anotherURL:
            return nil
        case .corrupt:
            unlink(path)
            return nil
        }
    }

    /// Drops `url`'s entry (bytes that would not decode), so the next fetch asks the network.
    /// An entry of another URL under the same name is left alone.
    public func forget(_ url: String) {
        guard PreviewCacheEntry.canKey(url), read(url) != nil else { return }
        unlink(directory.appendingPathComponent(PreviewCacheEntry.name(for: url)).path)
    }

    /// Keeps `bytes` as `url`'s picture, then removes the least recently used entries until
    /// the cache is within its limit. Does nothing once caching is off, nor for more bytes than a
    /// preview may have.
    public func write(_ bytes: [UInt8], for url: String) {
        guard PreviewCacheEntry.canKey(url), bytes.count <= PreviewFetcher.defaultMaxBytes, prepare() else { return }
        let name = PreviewCacheEntry.name(for: url)
        guard let (fd, temp) = SafeFile.createNew(in: directory, named: "\(name).tmp") else {
            return turnOff("cannot write in \(directory.path): \(SafeFile.describe(errno))")
        }
        let entry = PreviewCacheEntry.encode(bytes, url: url)
        let wrote = Self.writeAll(fd, entry)
        let code = errno
        if wrote { mark(fd) }
        close(fd)
        guard wrote else {
            unlink(temp)
            return turnOff("cannot write in \(directory.path): \(SafeFile.describe(code))")
        }
        // Fails only when something that is not a file holds the name: that URL goes uncached.
        guard rename(temp, directory.appendingPathComponent(name).path) == 0 else {
            unlink(temp)
            return
        }
        evict()
    }

    /// The largest file an entry may be: a capped body and its header.
    static let largestEntry = off_t(PreviewFetcher.defaultMaxBytes + PreviewCacheEntry.longestURL + 128)

    /// Makes the directory (owner-only) once; false, with caching turned off, when it cannot.
    private func prepare() -> Bool {
        let ready = state.withLock { s -> Bool? in s.notCached != nil ? false : (s.prepared ? true : nil) }
        if let ready { return ready }
        if let code = Self.makeDirectory(directory.path) {
            turnOff("cannot make \(directory.path): \(SafeFile.describe(code))")
            return false
        }
        var st = stat()
        guard stat(directory.path, &st) == 0 else { return false }
        // Made by an earlier version or by hand: pictures of one's generations are one's own.
        if st.st_uid == getuid(), st.st_mode & 0o077 != 0 { chmod(directory.path, 0o700) }
        state.withLock { $0.prepared = true }
        return true
    }

    private func turnOff(_ why: String) {
        state.withLock { if $0.notCached == nil { $0.notCached = why } }
    }

    /// Sets the file's time to the clock's now: the mark of last use that eviction orders by.
    private func mark(_ fd: Int32) {
        let now = scheduler.now.timeIntervalSince1970
        let seconds = floor(now)
        let stamp = timespec(tv_sec: Bounded.int(seconds), tv_nsec: Bounded.int((now - seconds) * 1e9))
        var times = [stamp, stamp]
        _ = futimens(fd, &times)
    }

    /// Removes the least recently used entries (and leftover temporary files) until the rest fit.
    private func evict() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        var files: [(path: String, size: Int, used: timespec)] = []
        for name in names where PreviewCacheEntry.isOurs(name) {
            let path = directory.appendingPathComponent(name).path
            var st = stat()
            // lstat: a symlink is not ours to count, follow or remove.
            guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
            files.append((path, Int(st.st_size), st.st_mtim))
        }
        var total = files.reduce(0) { $0 + $1.size }
        guard total > limit else { return }
        files.sort { ($0.used.tv_sec, $0.used.tv_nsec, $0.path) < ($1.used.tv_sec, $1.used.tv_nsec, $1.path) }
        for file in files where total > limit {
            if unlink(file.path) == 0 { total -= file.size }
        }
    }

    private static func readAll(_ fd: Int32, size: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, size - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            done += n
        }
        return bytes
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            done += n
        }
        return true
    }

    /// Makes `path` and any missing parent, each owner-only; the `errno` when it cannot.
    private static func makeDirectory(_ path: String) -> Int32? {
        var st = stat()
        if stat(path, &st) == 0 { return (st.st_mode & S_IFMT) == S_IFDIR ? nil : EEXIST }
        guard errno == ENOENT else { return errno }
        let parent = (path as NSString).deletingLastPathComponent
        if parent != path, !parent.isEmpty, let code = makeDirectory(parent) { return code }
        return mkdir(path, 0o700) == 0 || errno == EEXIST ? nil : errno
    }
}
