import Foundation
import LumaKit
#if canImport(Glibc)
import Glibc
#endif

/// Clocks and /proc readings, the same for us and for the peer.
enum Probe {
    /// Monotonic nanoseconds.
    static func nanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// This process's user + sys CPU, in seconds.
    static func ownCPU() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Another process's user + sys CPU from /proc/PID/stat, in seconds (clock-tick resolution).
    static func cpu(of pid: pid_t) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // Fields after the command name: state is field 3, utime 14, stime 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let sys = Double(fields[12]) else { return nil }
        return (user + sys) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// A field of /proc/PID/status in KiB (VmHWM, VmRSS), or a count (voluntary_ctxt_switches).
    static func status(_ field: String, of pid: String = "self") -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Double(line.dropFirst(field.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
        }
        return nil
    }

    /// Context switches of each thread of a process, by thread id: each one is the thread going
    /// to sleep or being put aside, so between two readings it counts the thread's wake-ups.
    static func switches(of pid: pid_t) -> [String: Double] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        var out: [String: Double] = [:]
        for tid in tasks {
            out[tid] = (status("voluntary_ctxt_switches", of: "\(pid)/task/\(tid)") ?? 0)
                + (status("nonvoluntary_ctxt_switches", of: "\(pid)/task/\(tid)") ?? 0)
        }
        return out
    }

    /// CPU time each thread of a process has run, by thread id, in nanoseconds
    /// (/proc/PID/task/TID/schedstat: exact, where /proc/PID/stat counts clock ticks).
    static func runtime(of pid: pid_t) -> [String: Double] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        var out: [String: Double] = [:]
        for tid in tasks {
            let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(tid)/schedstat", encoding: .utf8)) ?? ""
            out[tid] = text.split(separator: " ").first.flatMap { Double($0) } ?? 0
        }
        return out
    }

    /// The counters of /proc/PID/io (rchar, wchar, read_bytes, write_bytes, …).
    static func io(of pid: pid_t) -> [String: Double] {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/io", encoding: .utf8)) ?? ""
        var out: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":")
            if parts.count == 2 { out[String(parts[0])] = Double(parts[1].trimmingCharacters(in: .whitespaces)) }
        }
        return out
    }

    /// Growth of per-thread counters between two readings: the growth of threads alive at both,
    /// plus all of threads born in between (a thread that ended in between takes its count with it).
    static func growth(from start: [String: Double], to end: [String: Double]) -> Double {
        end.reduce(0) { sum, entry in sum + entry.value - (start[entry.key] ?? 0) }
    }

    static func threads(of pid: pid_t) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []).count
    }

    /// Starts VmHWM again from the current resident set (Linux 4.0 and later).
    static func resetPeakRSS() {
        let fd = open("/proc/self/clear_refs", O_WRONLY)
        guard fd >= 0 else { return }
        _ = write(fd, "5", 1)
        close(fd)
    }

    /// Peak resident set of a process, MiB.
    static func peakRSS(of pid: String = "self") -> Double { (status("VmHWM", of: pid) ?? 0) / 1024 }
}

/// A child process started with posix_spawn (Foundation's Process hangs in waitUntilExit on this
/// toolchain). With `pty`, its stdin and stdout are a pseudo-terminal of the given size, read by a
/// thread that counts bytes and remembers when the last one came.
final class Child: @unchecked Sendable {
    let pid: pid_t
    private let master: Int32
    private let output = Locked((bytes: 0, lastByteAt: UInt64(0), text: [UInt8]()))
    private var reader: Thread?

    init(_ args: [String], env: [String: String], pty size: (width: Int, height: Int)? = nil,
         stdout: String = "/dev/null", stderr: String = "/dev/null") throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var master: Int32 = -1
        if let size {
            let (m, slave) = try Pty.open(width: size.width, height: size.height)
            master = m
            posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR, 0)
            posix_spawn_file_actions_adddup2(&actions, 0, 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        }
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var argv = args.map { strdup($0) } + [nil]
        var envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, args[0], &actions, nil, &argv, &envp)
        guard rc == 0 else { throw BenchError("cannot run \(args[0]): \(String(cString: strerror(rc)))") }
        self.pid = pid
        self.master = master
        if master >= 0 {
            let master = self.master
            let thread = Thread { [output] in
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let n = read(master, &buffer, buffer.count)
                    if n <= 0 { if n < 0 && errno == EINTR { continue }; return }
                    let at = Probe.nanos()
                    // Answer the primary device attributes query as a terminal does: lumatop asks
                    // it last when it looks for pictures, and waits for the answer.
                    if Child.asksDeviceAttributes(buffer[0..<n]) {
                        let answer: [UInt8] = Array("\u{1B}[?62;22c".utf8)
                        _ = answer.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count) }
                    }
                    output.withLock { o in
                        o.bytes += n
                        o.lastByteAt = at
                        if o.text.count < 1 << 20 { o.text += buffer[0..<n] }
                    }
                }
            }
            thread.start()
            reader = thread
        }
    }

    /// Whether `bytes` hold `ESC [ c` (what a program sends to learn the terminal's kind).
    static func asksDeviceAttributes(_ bytes: ArraySlice<UInt8>) -> Bool {
        let query: [UInt8] = [0x1B, 0x5B, 0x63]
        guard bytes.count >= query.count else { return false }
        var i = bytes.startIndex
        while i <= bytes.endIndex - query.count {
            if bytes[i] == query[0] && bytes[i + 1] == query[1] && bytes[i + 2] == query[2] { return true }
            i += 1
        }
        return false
    }

    /// Bytes the child wrote to its terminal so far, and when the last came (monotonic ns).
    var terminalOutput: (bytes: Int, lastByteAt: UInt64) { output.withLock { ($0.bytes, $0.lastByteAt) } }
    var terminalText: String { output.withLock { String(decoding: $0.text, as: UTF8.self) } }

    /// Waits until the terminal has been quiet for `quiet` seconds after at least one byte; returns
    /// the time of the last byte, or nil after `timeout`.
    func waitForQuiet(_ quiet: Double, after bytes: Int = 0, timeout: Double = 30) -> UInt64? {
        let end = Probe.nanos() + UInt64(timeout * 1e9)
        while Probe.nanos() < end {
            let o = terminalOutput
            if o.bytes > bytes, Probe.nanos() - o.lastByteAt > UInt64(quiet * 1e9) { return o.lastByteAt }
            usleep(10_000)
        }
        return nil
    }

    func type(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count - 1) }
    }

    func signal(_ sig: Int32) { kill(pid, sig) }

    /// Waits for the child; after `timeout` seconds, kills it.
    @discardableResult
    func wait(timeout: Double = 10) -> Int32 {
        let end = Probe.nanos() + UInt64(timeout * 1e9)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Probe.nanos() > end { kill(pid, SIGKILL) }
            usleep(5_000)
        }
        if master >= 0 { close(master) }
        return status
    }
}

/// A pseudo-terminal pair: the master's fd and the slave's path. posix_openpt and friends are not
/// visible to Swift here, so this is their ioctl form.
enum Pty {
    static func open(width: Int, height: Int) throws -> (master: Int32, slave: String) {
        let master = Glibc.open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        // TIOCSPTLCK and TIOCGPTN are function-like macros Swift does not import; these are their
        // values on Linux (x86_64 and arm64 alike).
        let setLock: UInt = 0x4004_5431, getNumber: UInt = 0x8004_5430
        guard master >= 0, ioctl(master, setLock, &unlock) == 0, ioctl(master, getNumber, &number) == 0 else {
            throw BenchError("cannot open a pseudo-terminal")
        }
        var ws = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &ws)
        return (master, "/dev/pts/\(number)")
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
