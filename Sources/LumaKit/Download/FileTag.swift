import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Small notes kept on a download's own file as extended attributes: which generation it holds
/// (so a second download of that id finds it saved) and the total size the host first named
/// (so a resumed answer can be checked against it). They travel with the rename and clutter no
/// folder; where the file system keeps none, a download starts over instead of resuming and an
/// id saved outside the tracked list is fetched again.
enum FileTag: String {
    case id = "user.lumatop.id"
    case total = "user.lumatop.total"

    /// The value on an open file, or nil.
    func read(_ fd: Int32) -> String? {
        guard let get = Self.getter else { return nil }
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = get(fd, rawValue, &buffer, buffer.count)
        guard n > 0 else { return nil }
        return String(decoding: buffer[..<n], as: UTF8.self)
    }

    /// The value on the file at `path` (never through a symbolic link), or nil.
    func read(atPath path: String) -> String? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return read(fd)
    }

    @discardableResult
    func write(_ fd: Int32, _ value: String) -> Bool {
        guard let set = Self.setter else { return false }
        return value.utf8CString.withUnsafeBufferPointer { set(fd, rawValue, $0.baseAddress!, $0.count - 1, 0) == 0 }
    }

    func remove(_ fd: Int32) {
        _ = Self.remover?(fd, rawValue)
    }

    // glibc's f*xattr, which Swift's Glibc module does not import.
    private typealias Get = @convention(c) (Int32, UnsafePointer<CChar>, UnsafeMutableRawPointer, Int) -> Int
    private typealias Put = @convention(c) (Int32, UnsafePointer<CChar>, UnsafeRawPointer, Int, Int32) -> Int32
    private typealias Remove = @convention(c) (Int32, UnsafePointer<CChar>) -> Int32
    private static let getter: Get? = symbol("fgetxattr")
    private static let setter: Put? = symbol("fsetxattr")
    private static let remover: Remove? = symbol("fremovexattr")

    private static func symbol<F>(_ name: String) -> F? {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), name).map { unsafeBitCast($0, to: F.self) }
    }
}
