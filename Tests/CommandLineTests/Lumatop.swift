import Foundation
import Testing
import LumaKit
#if canImport(Glibc)
import Glibc
#endif

/// What one run of the binary left behind.
struct LumatopRun: Sendable {
    let status: Int32
    let stdout: String
    let stderr: String
    /// True when the run was killed for exceeding its timeout.
    let timedOut: Bool

    /// Non-empty stdout lines.
    var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    /// stdout and stderr together, for "never printed anywhere" checks.
    var allOutput: String { stdout + stderr }
}

/// The built `lumatop` next to the test bundle, in the products directory of the build that is
/// running these tests (works for any `--scratch-path`). `LUMATOP_BINARY` overrides.
enum LumatopBinary {
    static let url: URL? = locate()

    private static func locate() -> URL? {
        let fm = FileManager.default
        if let path = ProcessInfo.processInfo.environment["LUMATOP_BINARY"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        var starts: [URL] = []
        if let exe = Bundle.main.executableURL { starts.append(exe.deletingLastPathComponent()) }
        starts.append(Bundle.main.bundleURL)
        for bundle in Bundle.allBundles + Bundle.allFrameworks where bundle.bundlePath.contains(".xctest") {
            starts.append(bundle.bundleURL.deletingLastPathComponent())
        }
        if let arg0 = CommandLine.arguments.first, arg0.contains("/") {
            starts.append(URL(fileURLWithPath: arg0).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        // From each start, look in it and a few parents (macOS nests the runner inside the bundle).
        for start in starts {
            var dir = start.standardizedFileURL
            for _ in 0..<4 {
                let candidate = dir.appendingPathComponent("lumatop")
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue,
                   fm.isExecutableFile(atPath: candidate.path) {
                    return candidate
                }
                dir = dir.deletingLastPathComponent()
            }
        }
        return nil
    }
}

/// A started `lumatop` process; its output is drained as it comes so a full pipe never blocks it.
/// posix_spawn and a blocking waitpid on its own thread rather than Foundation's Process, whose
/// exit monitoring was seen to lose a child when many processes run at once.
final class LumatopProcess: @unchecked Sendable {
    let args: [String]
    let pid: pid_t
    private let exited = DispatchSemaphore(value: 0)
    private let drained = DispatchGroup()
    private let lock = NSLock()
    private var outData = Data()
    private var errData = Data()
    private var status: Int32 = -1

    /// How the test reads stdout: all of it, only the first line and then closes (as `head -1`),
    /// or not at all, the read end closed before the child starts (a reader already gone).
    enum Reader { case all, firstLine, gone }

    /// `blocking`: signals the child starts with blocked (none, as from a shell, by default).
    /// `command`: the argv before `args` (default: the built lumatop), e.g. a program that starts it.
    init(_ args: [String], env: [String: String], blocking: [Int32] = [], reader: Reader = .all,
         command: [String]? = nil) throws {
        guard let binary = LumatopBinary.url else {
            throw LumatopNotFound()
        }
        self.args = args
        var outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0]
        // Close-on-exec, because tests run in parallel: a lumatop spawned by another thread at
        // this moment would otherwise inherit these write ends and hold this run's output open.
        guard closeOnExecPipe(&outPipe) == 0, closeOnExecPipe(&errPipe) == 0 else { throw SpawnFailed(errno: errno) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, fd) }
        // Nor the runner's sockets (NIO's are not close-on-exec): a server of another test would
        // see a connection stay open for as long as this lumatop runs.
        Spawn.closeDescriptors(from: 3, in: &actions)
        let command = command ?? [binary.path]
        var argv = (command + args).map { strdup($0) } + [nil]
        var envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        // The runner's threads block most signals and a child inherits the mask: start lumatop
        // with none blocked, as a shell would, unless asked otherwise.
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var mask = sigset_t()
        sigemptyset(&mask)
        for sig in blocking { sigaddset(&mask, sig) }
        posix_spawnattr_setsigmask(&attr, &mask)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        if reader == .gone { close(outPipe[0]) }
        let rc = posix_spawn(&pid, command[0], &actions, &attr, &argv, &envp)
        close(outPipe[1])
        close(errPipe[1])
        guard rc == 0 else {
            if reader != .gone { close(outPipe[0]) }
            close(errPipe[0])
            throw SpawnFailed(errno: rc)
        }
        self.pid = pid
        switch reader {
        case .all: drain(FileHandle(fileDescriptor: outPipe[0], closeOnDealloc: true)) { me, data in me.outData = data }
        case .firstLine: readFirstLine(outPipe[0])
        case .gone: break
        }
        drain(FileHandle(fileDescriptor: errPipe[0], closeOnDealloc: true)) { me, data in me.errData = data }
        Thread.detachNewThread { [self] in
            var raw: Int32 = 0
            while waitpid(self.pid, &raw, 0) < 0 && errno == EINTR {}
            lock.lock()
            status = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
            lock.unlock()
            exited.signal()
        }
    }

    /// Reads up to the first newline, keeps that line, and closes the pipe, as `head -1` does.
    private func readFirstLine(_ fd: Int32) {
        drained.enter()
        DispatchQueue.global().async { [self] in
            var line = Data()
            var byte: UInt8 = 0
            while read(fd, &byte, 1) == 1 {
                line.append(byte)
                if byte == 0x0A { break }
            }
            close(fd)
            lock.lock()
            outData = line
            lock.unlock()
            drained.leave()
        }
    }

    private func drain(_ handle: FileHandle, into store: @escaping @Sendable (LumatopProcess, Data) -> Void) {
        drained.enter()
        DispatchQueue.global().async { [self] in
            let data = handle.readDataToEndOfFile()
            lock.lock()
            store(self, data)
            lock.unlock()
            drained.leave()
        }
    }

    /// Waits for the process; past `timeout` it is killed (SIGKILL) and an issue is recorded.
    func wait(timeout: TimeInterval, sourceLocation: SourceLocation = #_sourceLocation) -> LumatopRun {
        var timedOut = false
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            Issue.record("lumatop \(args) did not exit within \(Int(timeout)) s; killed it",
                         sourceLocation: sourceLocation)
            kill(pid, SIGKILL)
            _ = exited.wait(timeout: .now() + 10)
        }
        if drained.wait(timeout: .now() + 10) == .timedOut {
            Issue.record("output pipes of lumatop did not close", sourceLocation: sourceLocation)
        }
        lock.lock()
        defer { lock.unlock() }
        return LumatopRun(status: status,
                          stdout: String(decoding: outData, as: UTF8.self),
                          stderr: String(decoding: errData, as: UTF8.self),
                          timedOut: timedOut)
    }
}

struct SpawnFailed: Error { let errno: Int32 }

/// glibc's `pipe2(fds, O_CLOEXEC)`, which Swift does not import (it needs _GNU_SOURCE): both ends
/// close-on-exec from birth, with no moment in which another thread's spawn could inherit them.
func closeOnExecPipe(_ fds: inout [Int32]) -> Int32 {
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2") else { return -1 }
    let pipe2 = unsafeBitCast(symbol, to: Pipe2.self)
    return fds.withUnsafeMutableBufferPointer { pipe2($0.baseAddress!, O_CLOEXEC) }
}

struct LumatopNotFound: Error, CustomStringConvertible {
    var description: String {
        "the lumatop binary was not found next to the test bundle (\(Bundle.main.bundlePath)); set LUMATOP_BINARY"
    }
}

/// Runs `lumatop` to completion with exactly this environment.
func runLumatop(_ args: [String], env: [String: String], timeout: TimeInterval = 60, command: [String]? = nil,
                sourceLocation: SourceLocation = #_sourceLocation) -> LumatopRun {
    do {
        return try LumatopProcess(args, env: env, command: command).wait(timeout: timeout, sourceLocation: sourceLocation)
    } catch {
        Issue.record("cannot start lumatop: \(error)", sourceLocation: sourceLocation)
        return LumatopRun(status: -1, stdout: "", stderr: "", timedOut: false)
    }
}

/// A fresh temporary home for one test: HOME and XDG_STATE_HOME point inside it, so the user's real
/// state is never touched. Removed on deinit.
final class Sandbox: @unchecked Sendable {
    let root: URL
    var home: URL { root.appendingPathComponent("home") }
    var xdgState: URL { root.appendingPathComponent("xdg-state") }
    /// A state directory for `--state-dir`.
    var stateDir: URL { root.appendingPathComponent("state") }
    /// Where lumatop keeps its list when no `--state-dir` is given.
    var defaultStateFile: URL { xdgState.appendingPathComponent("lumatop/lumatop.sqlite3") }
    /// The database under `--state-dir`.
    var database: URL { stateDir.appendingPathComponent("lumatop.sqlite3") }

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("lumatop-cli-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: xdgState, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// The whole environment of a run: nothing inherited but what is set here.
    func env(key: String? = "test-key", _ extra: [String: String] = [:]) -> [String: String] {
        var env = [
            "HOME": home.path,
            "XDG_STATE_HOME": xdgState.path,
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "TERM": "dumb",
        ]
        if let key { env["QUICKROUTER_API_KEY"] = key }
        env.merge(extra) { _, new in new }
        return env
    }

    func file(_ name: String) -> URL { root.appendingPathComponent(name) }
}
