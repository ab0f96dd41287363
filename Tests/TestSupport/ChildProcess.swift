import Foundation
import LumaKit
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What one run of a program left behind.
public struct ProcessOutcome: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
    /// True when the run was killed for exceeding its timeout.
    public let timedOut: Bool

    /// Non-empty stdout lines.
    public var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    /// stdout and stderr together, for "never printed anywhere" checks.
    public var allOutput: String { stdout + stderr }
}

public struct SpawnFailed: Error, CustomStringConvertible {
    public let program: String
    public let errno: Int32
    public var description: String { "cannot run \(program): \(String(cString: strerror(errno)))" }
}

/// A started program. posix_spawn and a blocking waitpid on a thread of its own rather than
/// Foundation's Process, whose exit monitoring lost children when many run at once; tests await
/// the exit without holding a thread of the cooperative pool.
public final class ChildProcess: Sendable {
    public let argv: [String]
    public let pid: pid_t
    private let exited = Latch<Int32>()
    private let output = Latch<(out: Data, err: Data)>()

    /// Where stdout and stderr go.
    public enum Output: Sendable {
        /// Both captured through pipes and drained as they come, so a full pipe never blocks.
        case pipes
        /// stdout: up to its first newline, then the pipe is closed (as `head -1`); stderr captured.
        case firstLine
        /// stdout's read end closed before the child starts (a reader already gone); stderr captured.
        case readerGone
        /// Both into one file read after the exit: for a command that leaves a server behind
        /// (tmux), which would hold a pipe open forever.
        case file
    }

    /// `blocking`: the signals the child starts with blocked (none, as from a shell, by default).
    public init(_ argv: [String], environment: [String: String], output mode: Output = .pipes,
                blocking: [Int32] = []) throws {
        precondition(!argv.isEmpty)
        self.argv = argv
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let pipes = try ChildOutput(mode, actions: &actions)
        // Nor the runner's sockets (NIO's are not close-on-exec): a server of another test would
        // see a connection stay open for as long as this child runs.
        Spawn.closeDescriptors(from: 3, in: &actions)
        var attributes = SignalMask.attributes(blocking: blocking)
        defer { posix_spawnattr_destroy(&attributes) }
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (cArgs + cEnv).forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
        pipes.closeChildEnds()
        guard rc == 0 else {
            pipes.closeAll()
            throw SpawnFailed(program: argv[0], errno: rc)
        }
        self.pid = pid
        pipes.collect(into: output)
        Thread.detachNewThread { [exited, output, pid] in
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
            pipes.collectFile(into: output)
            exited.resolve((raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f))
        }
    }

    /// The exit status (128 + signal for a signal) once the child has ended, or nil after `timeout`.
    public func exitStatus(within timeout: TimeInterval) async -> Int32? {
        await exited.value(within: timeout)
    }

    /// Waits for the child and its output; past `timeout` it is killed (SIGKILL) and an issue is recorded.
    public func finish(timeout: TimeInterval = 60, sourceLocation: SourceLocation = #_sourceLocation) async -> ProcessOutcome {
        var status = await exited.value(within: timeout)
        let timedOut = status == nil
        if timedOut {
            Issue.record("\(argv) did not exit within \(Int(timeout)) s; killed it", sourceLocation: sourceLocation)
            kill(pid, SIGKILL)
            status = await exited.value(within: 10)
        }
        let data = await output.value(within: 10)
        if data == nil { Issue.record("the output of \(argv) did not close", sourceLocation: sourceLocation) }
        return ProcessOutcome(status: status ?? -1,
                              stdout: String(decoding: data?.out ?? Data(), as: UTF8.self),
                              stderr: String(decoding: data?.err ?? Data(), as: UTF8.self),
                              timedOut: timedOut)
    }
}

/// Runs a program to completion with exactly this environment; a start that fails is recorded
/// and answered as status -1.
public func runProcess(_ argv: [String], environment: [String: String], output: ChildProcess.Output = .pipes,
                       timeout: TimeInterval = 60, sourceLocation: SourceLocation = #_sourceLocation) async -> ProcessOutcome {
    do {
        return try await ChildProcess(argv, environment: environment, output: output)
            .finish(timeout: timeout, sourceLocation: sourceLocation)
    } catch {
        Issue.record("\(error)", sourceLocation: sourceLocation)
        return ProcessOutcome(status: -1, stdout: "", stderr: "", timedOut: false)
    }
}
