import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Notices when the database or its WAL is written (inotify on the state directory), so a running
/// dashboard follows `lumatop track` from another shell without a timer: asleep while nothing is
/// written. What changed, and whether it was another process, is then asked of SQLite.
public final class ListWatcher: @unchecked Sendable {
    private let source: DispatchSourceRead

    /// Nil when inotify is unavailable; the dashboard then simply does not follow other processes.
    public init?(list: TrackedList, onChange: @escaping @Sendable () -> Void) {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        // A commit appends to the WAL (IN_MODIFY); a checkpoint, or a process without WAL, writes
        // the database itself; a new database appears by creation or rename.
        let mask = UInt32(IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE)
        guard inotify_add_watch(fd, list.directory.path, mask) >= 0 else {
            close(fd)
            return nil
        }
        let names: Set<String> = [list.fileName, list.fileName + "-wal"]
        source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: DispatchQueue(label: "lumatop.watcher"))
        source.setEventHandler { @Sendable in
            if !Self.drain(fd).isDisjoint(with: names) { onChange() }
        }
        source.setCancelHandler { @Sendable in close(fd) }
        source.resume()
    }

    /// Reads every pending event; returns the names they concern.
    private static func drain(_ fd: Int32) -> Set<String> {
        var names = Set<String>()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= n {
                let (len, name) = buffer.withUnsafeBytes { raw -> (Int, String) in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    let start = offset + MemoryLayout<inotify_event>.size
                    let bytes = raw[start..<min(n, start + Int(event.len))].prefix { $0 != 0 }
                    return (Int(event.len), String(decoding: bytes, as: UTF8.self))
                }
                names.insert(name)
                offset += MemoryLayout<inotify_event>.size + len
            }
        }
        return names
    }

    public func stop() { source.cancel() }

    deinit { source.cancel() }
}
