import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The descriptors a child writes its output to, and the collection of what it wrote.
struct ChildOutput {
    let mode: ChildProcess.Output
    private var out: [Int32] = [-1, -1]
    private var err: [Int32] = [-1, -1]
    private var file: String?

    init(_ mode: ChildProcess.Output, actions: inout posix_spawn_file_actions_t) throws {
        self.mode = mode
        if mode == .file {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("lumatop-test-out-\(UUID().uuidString)").path
            file = path
            posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
            return
        }
        // Close-on-exec, because tests run in parallel: a child spawned by another test at this
        // moment would otherwise inherit these write ends and hold this run's output open.
        guard closeOnExecPipe(&out) == 0 else { throw SpawnFailed(program: "pipe2", errno: errno) }
        guard closeOnExecPipe(&err) == 0 else {
            out.forEach { close($0) }
            throw SpawnFailed(program: "pipe2", errno: errno)
        }
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        if mode == .readerGone {
            close(out[0])
            out[0] = -1
        }
    }

    func closeChildEnds() {
        for fd in [out[1], err[1]] where fd >= 0 { close(fd) }
    }

    func closeAll() {
        for fd in [out[0], err[0]] where fd >= 0 { close(fd) }
        if let file { unlink(file) }
    }

    /// Resolves `output` once the child has written everything: at the pipes' end (read on a
    /// thread of their own), or for a file, once `exitStatus` has the exit (on the exit's thread).
    func collect(into output: Latch<(out: Data, err: Data)>) {
        guard file == nil else { return }
        let (outFD, errFD, firstLine) = (out[0], err[0], mode == .firstLine)
        Thread.detachNewThread {
            let (out, err) = drain(out: outFD, err: errFD, firstLine: firstLine)
            output.resolve((out, err))
        }
    }

    /// For a file: reads it, removes it and resolves `output`; called after the exit.
    func collectFile(into output: Latch<(out: Data, err: Data)>) {
        guard let file else { return }
        let data = FileManager.default.contents(atPath: file) ?? Data()
        unlink(file)
        output.resolve((data, Data()))
    }
}

/// Reads both pipes until they close, on the calling thread; with `firstLine`, stdout is closed
/// after its first newline.
private func drain(out: Int32, err: Int32, firstLine: Bool) -> (Data, Data) {
    var fds = [out, err]
    var data = [Data(), Data()]
    var buffer = [UInt8](repeating: 0, count: 65536)
    while fds.contains(where: { $0 >= 0 }) {
        var polled = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        if poll(&polled, nfds_t(polled.count), -1) < 0 {
            if errno == EINTR { continue }
            break
        }
        for i in fds.indices where fds[i] >= 0 && polled[i].revents != 0 {
            let n = read(fds[i], &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n > 0 { data[i].append(contentsOf: buffer[0..<n]) }
            let lineDone = i == 0 && firstLine && data[0].contains(0x0A)
            if n <= 0 || lineDone {
                if lineDone { data[0] = data[0].prefix(through: data[0].firstIndex(of: 0x0A)!) }
                close(fds[i])
                fds[i] = -1
            }
        }
    }
    return (data[0], data[1])
}

/// glibc's `pipe2(fds, O_CLOEXEC)`, which Swift does not import (it needs _GNU_SOURCE): both ends
/// close-on-exec from birth, with no moment in which another thread's spawn could inherit them.
func closeOnExecPipe(_ fds: inout [Int32]) -> Int32 {
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2") else { return -1 }
    let pipe2 = unsafeBitCast(symbol, to: Pipe2.self)
    return fds.withUnsafeMutableBufferPointer { pipe2($0.baseAddress!, O_CLOEXEC) }
}
