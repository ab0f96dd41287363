import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `tracked.json`, the state file of lumatops before the database: read once, imported, then
/// renamed `tracked.json.imported`. A file that cannot be read is moved aside (when the directory
/// can be written) and reported, as it always was; one from a newer lumatop is refused.
enum Legacy {
    static func url(in directory: URL) -> URL { directory.appendingPathComponent("tracked.json") }

    /// The records of `tracked.json`; nil when there is none.
    static func read(directory: URL, canWrite: Bool) throws(PersistenceError) -> (records: [TrackedRecord], notice: String?)? {
        let url = url(in: directory)
        func unusable(_ reason: String) throws(PersistenceError) -> ([TrackedRecord], String?) {
            guard canWrite else { return ([], "\(url.path) is unusable because \(reason); left it as it is") }
            return ([], try setAside(url, because: reason))
        }
        let fd = open(url.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 {
            if errno == ENOENT { return nil }
            return try unusable("it could not be read (\(SafeFile.describe(errno)))")
        }
        defer { close(fd) }
        let contents: TrackedContents<TrackedRecord>
        do throws(JSONReadError) {
            contents = try TrackedFileStream.read(fd: fd)
        } catch {
            return try unusable("it is corrupt (\(error.reason))")
        }
        guard contents.version <= currentVersion else {
            throw PersistenceError(description:
                "\(url.path) was written by a newer lumatop (version \(contents.version)); refusing to change it")
        }
        return (contents.records, nil)
    }

    /// The only version of the file there was.
    static let currentVersion = 1

    /// Renames the imported file; another process importing at once may have done it already.
    static func markImported(directory: URL, count: Int) -> String? {
        let from = url(in: directory).path
        guard rename(from, from + ".imported") == 0 else { return nil }
        unlink(from + ".lock")
        return "imported \(count) generation\(count == 1 ? "" : "s") from \(from) (kept as \(from).imported)"
    }

    /// Never overwrite a file we cannot read: move it aside, say where.
    private static func setAside(_ url: URL, because reason: String) throws(PersistenceError) -> String {
        guard let target = SafeFile.moveAside(url.path) else {
            throw PersistenceError(description:
                "\(url.path) is unusable because \(reason), and moving it aside failed: \(SafeFile.describe(errno))")
        }
        return "\(url.path) was unusable because \(reason); moved it to \(target) and started an empty list"
    }
}

extension TrackedList {
    /// The reader of `tracked.json`, on its own: the version and records of the document `fd`
    /// reads, `chunk` bytes at a time. Public for the fuzz target, which checks that the chunk
    /// size never changes what is read.
    public static func readLegacyDocument(fd: Int32, chunk: Int) throws(JSONReadError) -> (version: Int, records: [TrackedRecord]) {
        let contents = try TrackedFileStream.read(fd: fd, chunk: max(1, chunk))
        return (contents.version, contents.records)
    }

    /// Opens the database now, creating it (and importing `tracked.json`) when the directory can be
    /// written: the dashboard and `watch` start with it there, so they can watch it for changes.
    public func prepare() throws(PersistenceError) { try store.prepare() }
}
