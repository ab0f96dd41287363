import Foundation
#if canImport(Glibc)
import Glibc
#endif

public struct PersistenceError: Error, Hashable, Sendable, CustomStringConvertible {
    public let description: String
}

/// `tracked.json` under the state directory. Every change is read-modify-write under an exclusive
/// `flock` on a lock file beside it, so a dashboard and `lumatop track` in another shell never
/// lose each other's changes. Writes go to a new temporary file, are flushed, then renamed. A
/// directory that cannot be written can still be read: see `notKept`.
public final class TrackedFile: Sendable {
    public let directory: URL
    public var url: URL { directory.appendingPathComponent("tracked.json") }
    /// The version of the file this process wrote last. Every write renames a new file into place,
    /// so device, inode, size and mtime together tell our own version from another process's.
    private let lastWritten = Locked<FileIdentity?>(nil)
    private let readOnly = Locked<String?>(nil)

    struct FileIdentity: Equatable {
        let device: UInt64, inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int
    }
    private var lockURL: URL { directory.appendingPathComponent("tracked.json.lock") }

    public init(directory: URL) { self.directory = directory }

    /// `$XDG_STATE_HOME/lumatop`, else `~/.local/state/lumatop`.
    public static func defaultDirectory(environment env: [String: String]) -> URL {
        if let state = env["XDG_STATE_HOME"], state.hasPrefix("/") {
            return URL(fileURLWithPath: state).appendingPathComponent("lumatop")
        }
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/state/lumatop")
    }

    /// What a read found.
    public struct Loaded: Sendable {
        public var records: [TrackedRecord]
        /// Set when a corrupt file was moved aside: say it to the user.
        public var notice: String?
    }

    /// Why changes are not kept, when the last read found that the state directory cannot be
    /// written; nil when they are. Reading still works; the caller says so to the user.
    public var notKept: String? { readOnly.current }

    /// Reads the list. A missing file is an empty list; a corrupt one is moved aside and reported
    /// (left in place when the directory cannot be written). Needs no write access.
    public func load() throws(PersistenceError) -> Loaded {
        try reading { (canWrite: Bool) throws(PersistenceError) -> Loaded in try readOrSetAside(canWrite: canWrite) }
    }

    /// `load` made straight into the store's form, record by record: a dashboard starting on
    /// 10,000 answers never holds them twice.
    public func loadTracked() throws(PersistenceError) -> (tracked: [TrackedGeneration], notice: String?) {
        try reading { (canWrite: Bool) throws(PersistenceError) -> ([TrackedGeneration], String?) in
            let loaded = try readOrSetAside(canWrite: canWrite, \.tracked)
            return (loaded.records, loaded.notice)
        }
    }

    /// True when the file on disk is the one this process wrote last: nothing new to read.
    public func isOwnLastWrite() -> Bool {
        guard let mine = lastWritten.current else { return false }
        return identity() == mine
    }

    private func identity() -> FileIdentity? {
        var st = stat()
        guard stat(url.path, &st) == 0 else { return nil }
        return FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), size: Int64(st.st_size),
                            seconds: st.st_mtim.tv_sec, nanoseconds: st.st_mtim.tv_nsec)
    }

    /// Read, change, write back if anything changed; all under the lock.
    @discardableResult
    public func update(_ change: (inout [TrackedRecord]) -> Void) throws(PersistenceError) -> Loaded {
        // No list yet and none made: nothing to create (`untrack`, answers for untracked ids).
        if !FileManager.default.fileExists(atPath: directory.path) {
            var none: [TrackedRecord] = []
            change(&none)
            if none.isEmpty { return Loaded(records: [], notice: nil) }
        }
        return try locked { () throws(PersistenceError) -> Loaded in
            var loaded = try readOrSetAside(canWrite: true)
            let before = loaded.records
            change(&loaded.records)
            if loaded.records != before || loaded.notice != nil {
                try write(loaded.records)
            }
            return loaded
        }
    }

    // MARK: -

    private func locked<R>(_ body: () throws(PersistenceError) -> R) throws(PersistenceError) -> R {
        try ensureDirectory()
        let fd = SafeFile.openLock(lockURL.path)
        guard fd >= 0 else { throw failure("cannot open lock file \(lockURL.path)") }
        defer { close(fd) }
        try lock(fd)
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    /// Runs a read under the lock when the directory can be written, else without it (the file is
    /// only ever replaced whole, by a rename, so no read sees half a change) and notes why changes
    /// are not kept. `body` is told whether it may write (move a corrupt file aside).
    private func reading<R>(_ body: (Bool) throws(PersistenceError) -> R) throws(PersistenceError) -> R {
        let fd = SafeFile.openLock(lockURL.path)
        let lockError = errno
        // No directory yet: an empty list, and nothing to warn of (a change would create it).
        if fd < 0 && lockError == ENOENT {
            readOnly.withLock { $0 = nil }
            return try body(false)
        }
        // A path through a file is no state directory: a configuration error, not a read-only one.
        if fd < 0 && lockError == ENOTDIR {
            errno = lockError
            throw failure("cannot use state directory \(directory.path)")
        }
        var problem: String?
        if fd < 0 {
            problem = "cannot write to \(lockURL.path) (\(SafeFile.describe(lockError)))"
        } else if access(directory.path, W_OK) != 0 {
            problem = "cannot write to \(directory.path) (\(SafeFile.describe(errno)))"
        }
        readOnly.withLock { $0 = problem.map { "\($0): changes are not kept" } }
        guard fd >= 0 else { return try body(false) }
        defer { close(fd) }
        try lock(fd)
        defer { flock(fd, LOCK_UN) }
        return try body(problem == nil)
    }

    private func lock(_ fd: Int32) throws(PersistenceError) {
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { throw failure("cannot lock \(lockURL.path)") }
        }
    }

    private func ensureDirectory() throws(PersistenceError) {
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw PersistenceError(description: "cannot create state directory \(directory.path): \(error.localizedDescription)")
        }
    }

    private func readOrSetAside(canWrite: Bool) throws(PersistenceError) -> Loaded {
        let read = try readOrSetAside(canWrite: canWrite) { $0 }
        return Loaded(records: read.records, notice: read.notice)
    }

    private func readOrSetAside<Item>(canWrite: Bool, _ keep: (TrackedRecord) -> Item) throws(PersistenceError)
        -> (records: [Item], notice: String?) {
        func unusable(_ reason: String) throws(PersistenceError) -> String {
            guard canWrite else { return "\(url.path) is unusable because \(reason); left it as it is" }
            return try setAside(because: reason).notice!
        }
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return ([], nil) }
            return ([], try unusable("it could not be read (\(SafeFile.describe(errno)))"))
        }
        defer { close(fd) }
        let contents: TrackedContents<Item>
        do throws(JSONReadError) {
            contents = try TrackedFileStream.read(fd: fd, keep)
        } catch {
            return ([], try unusable("it is corrupt (\(error.reason))"))
        }
        guard contents.version <= TrackedDocument.currentVersion else {
            throw PersistenceError(description:
                "\(url.path) was written by a newer lumatop (version \(contents.version)); refusing to change it")
        }
        return (contents.records, nil)
    }

    /// Never overwrite a file we cannot read: move it aside, say where, start empty.
    private func setAside(because reason: String) throws(PersistenceError) -> Loaded {
        let stamp = Self.stamp(Date())
        var target = directory.appendingPathComponent("tracked.json.corrupt-\(stamp)")
        var n = 1
        // Never over a file of that name, even one that appeared meanwhile.
        while !SafeFile.moveNoReplace(from: url.path, to: target.path) {
            guard errno == EEXIST else {
                throw failure("\(url.path) is unusable because \(reason), and moving it aside failed")
            }
            target = directory.appendingPathComponent("tracked.json.corrupt-\(stamp)-\(n)")
            n += 1
        }
        return Loaded(records: [], notice: "\(url.path) was unusable because \(reason); moved it to \(target.path) and started an empty list")
    }

    private func write(_ records: [TrackedRecord]) throws(PersistenceError) {
        guard let (fd, temp) = SafeFile.createNew(in: directory, named: ".tracked.json.\(getpid()).tmp") else {
            throw failure("cannot create a temporary file in \(directory.path)")
        }
        var ok = TrackedDocument.write(records) { piece -> Bool in
            var offset = 0
            while offset < piece.count {
                let n = Glibc.write(fd, piece.baseAddress! + offset, piece.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        ok = ok && fsync(fd) == 0
        let saved = errno
        close(fd)
        guard ok, rename(temp, url.path) == 0 else {
            errno = saved
            let error = failure("cannot write \(url.path)")
            unlink(temp)
            throw error
        }
        let written = identity()
        lastWritten.withLock { $0 = written }
        readOnly.withLock { $0 = nil }
    }

    private func failure(_ what: String) -> PersistenceError {
        PersistenceError(description: "\(what): \(SafeFile.describe(errno))")
    }

    static func stamp(_ date: Date) -> String {
        var s = date.formatted(Date.ISO8601FormatStyle().year().month().day().time(includingFractionalSeconds: false))
        s.removeAll { $0 == ":" || $0 == "-" }
        return s
    }
}

extension JSONEncoder {
    /// The state file's writer before `TrackedDocument.write`: kept for the tests that show the
    /// hand-written file is the same JSON, and that files it wrote still load.
    static var state: JSONEncoder {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(WireDate.format(date))
        }
        // Slashes as they are: URLs then read without unescaping, and the file is smaller.
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.userInfo[Generation.stateFileKey] = true
        return e
    }
}

extension JSONDecoder {
    static var state: JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let text = try c.decode(String.self)
            guard let date = WireDate.parse(text) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an ISO 8601 time: \(text)")
            }
            return date
        }
        return d
    }
}
