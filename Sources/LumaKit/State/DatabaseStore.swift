import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// The connection behind a `TrackedList`: opened on first use, created only when something is to
/// be kept, read-only (and said so) when the state directory cannot be written, moved aside and
/// started again when SQLite finds it corrupt. Every SQLite error leaves here as a sentence.
final class DatabaseStore: Sendable {
    let directory: URL
    let fileName: String
    /// Whether an old `tracked.json` beside it is read into it.
    let importsLegacy: Bool
    var path: String { directory.appendingPathComponent(fileName).path }
    private let state = Locked(Connection())

    private struct Connection {
        var queue: DatabaseQueue?
        var notKept: String?
        var notices: [String] = []
        var dataVersion: Int?
    }

    static let cacheKiB = 512

    /// How long a change waits for another process's transaction before giving up.
    static let busyTimeout: TimeInterval = 10

    init(directory: URL, fileName: String = TrackedList.fileName, importsLegacy: Bool = true) {
        self.directory = directory; self.fileName = fileName; self.importsLegacy = importsLegacy
    }

    var notKept: String? { state.current.notKept }

    func takeNotices() -> [String] {
        state.withLock { s in defer { s.notices = [] }; return s.notices }
    }

    /// Runs `body` on the database; `empty` when there is none yet and nothing to import.
    func read<T>(empty: T, _ body: (Database) throws -> T) throws(PersistenceError) -> T {
        try run(creating: false) { queue in
            guard let queue else { return empty }
            return try queue.read(body)
        }
    }

    /// Runs `body` in one IMMEDIATE transaction (so it never has to upgrade a read lock, which
    /// another writer could refuse), creating the database when needed; with `none`, a change
    /// that has nothing to change without a database (an untrack, an answer) returns it instead.
    func write<T>(none: T? = nil, _ body: (Database) throws -> T) throws(PersistenceError) -> T {
        try run(creating: none == nil) { queue in
            if queue == nil, let none { return none }
            guard let queue else { throw PersistenceError(description: notKept ?? "cannot write to \(directory.path)") }
            if let notKept { throw PersistenceError(description: notKept) }
            var result: T?
            try queue.inTransaction(.immediate) { db in
                result = try body(db)
                return .commit
            }
            return result!
        }
    }

    /// Opens the database (creating it when the directory can be written).
    func prepare() throws(PersistenceError) {
        try run(creating: true) { _ in }
    }

    func changedElsewhere() -> Bool {
        guard let queue = try? run(creating: false, { $0 }) else { return false }
        let now = try? queue.inDatabase { try Int.fetchOne($0, sql: "PRAGMA data_version") }
        return state.withLock { s in
            defer { s.dataVersion = now }
            return now == nil || s.dataVersion != now
        }
    }

    // MARK: -

    /// Runs `body` with the connection; a database SQLite finds corrupt is moved aside and the
    /// call made once more on a new one.
    private func run<T>(creating: Bool, _ body: (DatabaseQueue?) throws -> T) throws(PersistenceError) -> T {
        for attempt in 0..<2 {
            do {
                return try body(try connection(creating: creating))
            } catch let error as DatabaseError where Self.isCorrupt(error) && attempt == 0 && notKept == nil {
                try setAside(because: error)
            } catch let error as PersistenceError {
                throw error
            } catch {
                throw failure(error)
            }
        }
        throw PersistenceError(description: "cannot use \(path)")
    }

    private func connection(creating: Bool) throws -> DatabaseQueue? {
        if let queue = state.current.queue { return queue }
        let fm = FileManager.default
        let exists = fm.fileExists(atPath: path)
        let legacy = importsLegacy && fm.fileExists(atPath: Legacy.url(in: directory).path)
        if !exists && !legacy && !creating {
            // Nothing to read yet, unless the path runs through a file: that is a configuration error.
            if access(directory.path, F_OK) != 0 && errno == ENOTDIR {
                throw PersistenceError(description: "cannot use state directory \(directory.path): \(SafeFile.describe(ENOTDIR))")
            }
            return nil
        }
        try ensureDirectory()
        try refuseLinks()
        if let problem = Self.unwritable(directory: directory.path, file: exists ? path : nil) {
            let reason = "cannot write to \(problem.path) (\(problem.reason)): changes are not kept"
            state.withLock { $0.notKept = reason }
            guard exists || legacy else { return nil }
            let queue = exists ? try Self.openReadOnly(path) : try importReadOnly()
            state.withLock { $0.queue = queue }
            return queue
        }
        // Read first: a file from a newer lumatop stops everything before a database is made.
        let imported = legacy ? try Legacy.read(directory: directory, canWrite: true) : nil
        if let notice = imported?.notice { state.withLock { $0.notices.append(notice) } }
        let records = imported?.records ?? []
        let queue: DatabaseQueue
        do {
            if !exists { try Self.createFile(path) }
            queue = try openReadWrite(then: records.isEmpty ? nil : { db in _ = try Merge.insert(records, db) })
        } catch where exists && isDiskFull {
            // No room even for the WAL's index: what is there can still be read.
            let reason = "cannot write to \(path) (the disk is full): changes are not kept"
            let queue = try Self.openReadOnly(path)
            state.withLock { $0.queue = queue; $0.notKept = reason }
            return queue
        }
        if imported != nil, imported?.notice == nil, let notice = Legacy.markImported(directory: directory, count: records.count) {
            state.withLock { $0.notices.append(notice) }
        }
        state.withLock { $0.queue = queue; $0.notKept = nil }
        return queue
    }

    /// Opens, turns on WAL and migrates. Processes opening a new database together can meet
    /// while it is still in rollback mode, where SQLite answers "busy" at once instead of waiting
    /// (a deadlock it breaks): that is tried again, a little later each time.
    private func openReadWrite(then: ((Database) throws -> Void)?) throws -> DatabaseQueue {
        var config = Configuration()
        config.busyMode = .timeout(Self.busyTimeout)
        // A steady dashboard reads nothing and writes little: a small page cache is enough.
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -\(Self.cacheKiB)") }
        var tries = 0
        while true {
            do {
                let queue = try DatabaseQueue(path: path, configuration: config)
                try queue.writeWithoutTransaction { db in
                    try Self.useWAL(db)
                    try Schema.migrate(db, path: path, then: then)
                }
                return queue
            } catch let error as DatabaseError
                        where [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode.primaryResultCode) && tries < 200 {
                tries += 1
                usleep(UInt32.random(in: 1_000...UInt32(min(100, 5 * tries)) * 1_000))
            }
        }
    }

    /// WAL: readers never wait for the writer, and a commit is one append. NORMAL sync: a commit
    /// survives the process being killed; only a power cut can cost the last ones.
    private static func useWAL(_ db: Database) throws {
        let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
        guard mode?.lowercased() == "wal" else { throw DatabaseError(message: "could not turn on WAL (journal mode \(mode ?? "?"))") }
        try db.execute(sql: "PRAGMA synchronous = NORMAL")
    }

    /// Owner-only, never through a symlink: SQLite gives the -wal and -shm files the same mode.
    private static func createFile(_ path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if fd >= 0 { close(fd); return }
        guard errno == EEXIST else { throw PersistenceError(description: "cannot create \(path): \(SafeFile.describe(errno))") }
    }

    /// A database in a directory we cannot write: `immutable` asks for no -shm or -wal file.
    private static func openReadOnly(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.readonly = true
        var escaped = ""
        for ch in path.unicodeScalars {
            escaped += ch == "%" || ch == "?" || ch == "#" ? String(format: "%%%02X", ch.value) : String(ch)
        }
        return try DatabaseQueue(path: "file:\(escaped)?immutable=1", configuration: config)
    }

    private func ensureDirectory() throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw PersistenceError(description: "cannot use state directory \(directory.path): it is not a directory")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw PersistenceError(description: "cannot create state directory \(directory.path): \(error.localizedDescription)")
        }
    }

    /// SQLite follows a symlink at its file names: one planted there is refused, never written
    /// through.
    private func refuseLinks() throws {
        for name in [path, path + "-wal", path + "-shm"] {
            var st = stat()
            guard lstat(name, &st) == 0 else { continue }
            if st.st_mode & S_IFMT != S_IFREG {
                throw PersistenceError(description: "\(name) is not a regular file; refusing to use it")
            }
        }
    }

    private static func unwritable(directory: String, file: String?) -> (path: String, reason: String)? {
        if access(directory, W_OK) != 0 { return (directory, SafeFile.describe(errno)) }
        if let file, access(file, W_OK) != 0 { return (file, SafeFile.describe(errno)) }
        return nil
    }

    // MARK: tracked.json

    /// tracked.json in a directory we cannot write: read into a database in memory.
    private func importReadOnly() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.writeWithoutTransaction { db in try Schema.migrate(db, path: path) }
        guard let read = try Legacy.read(directory: directory, canWrite: false) else { return queue }
        if let notice = read.notice { state.withLock { $0.notices.append(notice) } }
        try queue.write { db in _ = try Merge.insert(read.records, db) }
        return queue
    }

    // MARK: failures

    static func isCorrupt(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB
    }

    /// Never replaced silently: the file (and its WAL, which belongs to it) keep their bytes under
    /// a new name, and the user is told where.
    private func setAside(because error: DatabaseError) throws(PersistenceError) {
        state.withLock { $0.queue = nil }
        guard let target = SafeFile.moveAside(path) else {
            throw PersistenceError(description: "\(path) is corrupt (\(error.message ?? "\(error)")), and moving it aside failed: \(SafeFile.describe(errno))")
        }
        _ = SafeFile.moveNoReplace(from: path + "-wal", to: target + "-wal")
        unlink(path + "-shm")
        state.withLock {
            $0.notices.append("\(path) was corrupt (\(error.message ?? "\(error)")); moved it to \(target) and started an empty list")
        }
    }

    /// No room left for this directory's files (SQLite says I/O error when even its -shm cannot
    /// grow, so the file system is asked).
    private var isDiskFull: Bool {
        var fs = statvfs()
        return statvfs(directory.path, &fs) == 0 && UInt64(fs.f_bavail) * UInt64(fs.f_frsize) < 64 * 1024
    }

    private func failure(_ error: any Error) -> PersistenceError {
        if let newer = error as? Schema.Newer {
            return PersistenceError(description:
                "\(newer.path) was written by a newer lumatop (schema \(newer.schema)); refusing to change it")
        }
        guard let error = error as? DatabaseError else { return PersistenceError(description: "cannot use \(path): \(error)") }
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode.primaryResultCode {
        case .SQLITE_FULL, .SQLITE_IOERR where isDiskFull:
            return PersistenceError(description: "cannot save to \(path): the disk is full")
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN, .SQLITE_AUTH:
            return PersistenceError(description: "cannot write to \(path) (\(detail)): changes are not kept")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return PersistenceError(description:
                "\(path) stayed locked by another process for \(Int(Self.busyTimeout)) s; try again")
        default:
            return PersistenceError(description: "cannot use \(path): \(detail)")
        }
    }
}
