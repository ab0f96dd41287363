import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Notices when another process changes the state file (inotify on its directory), so a running
/// dashboard follows `lumatop track` from another shell without waking up to look.
public final class StateWatcher: @unchecked Sendable {
    private let fd: Int32
    private let source: DispatchSourceRead

    /// Nil when inotify is unavailable; the dashboard then simply does not follow other processes.
    public init?(file: TrackedFile, onChange: @escaping @Sendable () -> Void) {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE)
        guard inotify_add_watch(fd, file.directory.path, mask) >= 0 else {
            close(fd)
            return nil
        }
        self.fd = fd
        let name = file.url.lastPathComponent
        source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: DispatchQueue(label: "lumatop.watcher"))
        source.setEventHandler { @Sendable in
            if Self.drain(fd).contains(name) { onChange() }
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
