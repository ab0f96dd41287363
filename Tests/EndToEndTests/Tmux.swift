import Foundation
import LumaKit
import Testing

/// The built `lumatop`, next to the test bundle in the products directory.
let lumatopBinary: String = {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("lumatop").path
}()

/// Runs a program and waits; returns its status and output. posix_spawn and waitpid rather than
/// Foundation's Process, whose exit monitoring loses track of a tmux client that forks its server.
/// Output goes through a file: a server started by the command would hold a pipe open forever.
@discardableResult
func run(_ args: [String], env: [String: String]? = nil) -> (status: Int32, out: String) {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("lumatop-e2e-out-\(UUID().uuidString)").path
    defer { unlink(path) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    // A tmux server lives on after the test: it must not keep the runner's sockets open.
    Spawn.closeDescriptors(from: 3, in: &actions)
    let environment = (env ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
    var argv = args.map { strdup($0) } + [nil]
    var envp = environment.map { strdup($0) } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var attr = unblockedSignals()
    defer { posix_spawnattr_destroy(&attr) }
    var pid: pid_t = 0
    guard posix_spawnp(&pid, args[0], &actions, &attr, &argv, &envp) == 0 else { return (-1, "cannot run \(args[0])") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return (code, (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
}

/// A real terminal: a detached tmux session on its own server, running one command.
final class Tmux {
    let socket = "lumatop-e2e-\(UUID().uuidString.prefix(8))"
    let session = "t"

    /// The command runs under sh; afterwards the pane prints its exit status and stays open.
    init(width: Int, height: Int, command: String, env: [String: String]) {
        // Nothing inherited decides colour: swift test runs with NO_COLOR=1 in its environment.
        let exports = "unset NO_COLOR COLORTERM; " + env.map { "export \($0.key)='\($0.value)';" }.joined(separator: " ")
        let script = "\(exports) \(command); echo \"EXIT=$?\"; sleep 600"
        run(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)",
             "-s", session, "sh", "-c", script])
    }

    deinit { run(["tmux", "-L", socket, "kill-server"]) }

    func keys(_ keys: String...) { run(["tmux", "-L", socket, "send-keys", "-t", session] + keys) }
    func type(_ text: String) { run(["tmux", "-L", socket, "send-keys", "-t", session, "-l", text]) }
    func resize(_ width: Int, _ height: Int) {
        run(["tmux", "-L", socket, "resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)"])
    }

    /// The screen as text; with `escapes`, with its colours and attributes.
    func screen(escapes: Bool = false) -> String {
        run(["tmux", "-L", socket, "capture-pane", "-p", "-t", session] + (escapes ? ["-e"] : [])).out
    }

    func value(_ format: String) -> String {
        run(["tmux", "-L", socket, "display-message", "-p", "-t", session, format]).out
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Waits until the screen satisfies `condition`; records an issue with the screen if it never does.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 30, escapes: Bool = false,
                 sourceLocation: SourceLocation = #_sourceLocation, _ condition: (String) -> Bool) -> Bool {
        let end = Date() + timeout
        var last = ""
        while Date() < end {
            last = screen(escapes: escapes)
            if condition(last) { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("timed out waiting for \(what); screen:\n\(last)", sourceLocation: sourceLocation)
        return false
    }

    func waitFor(text: String, timeout: TimeInterval = 30, sourceLocation: SourceLocation = #_sourceLocation) {
        waitFor("\"\(text)\"", timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
    }
}

/// Spawn attributes giving the child an empty signal mask. The test runner's threads block most
/// signals and a child inherits the mask: a tmux server started with SIGTERM blocked ignores
/// `kill-server` and outlives the test (with its pane) until the pane's `sleep` ends.
func unblockedSignals() -> posix_spawnattr_t {
    var attr = posix_spawnattr_t()
    posix_spawnattr_init(&attr)
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attr, &none)
    posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK))
    return attr
}

/// A temporary directory that is removed when the test that made it ends.
final class ScratchDirectory: Sendable {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("lumatop-e2e-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
