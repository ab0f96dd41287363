import Foundation
import LumaKit
import Testing
import TestSupport

/// The built `lumatop`, next to the test bundle in the products directory.
let lumatopBinary = LumatopBinary.path

/// Runs a program and waits; returns its status and output (stdout and stderr together). Output
/// goes through a file: a server started by the command (tmux) would hold a pipe open forever.
@discardableResult
func run(_ args: [String], env: [String: String]? = nil,
         sourceLocation: SourceLocation = #_sourceLocation) async -> (status: Int32, out: String) {
    let outcome = await runProcess(args, environment: env ?? ProcessInfo.processInfo.environment, output: .file,
                                   sourceLocation: sourceLocation)
    return (outcome.status, outcome.stdout)
}

/// A real terminal: a detached tmux session on its own server (its own socket), running one
/// command; tests with different sessions do not see each other and may run at once.
final class Tmux: Sendable {
    let socket = "lumatop-e2e-\(UUID().uuidString.prefix(8))"
    let session = "t"

    /// The command runs under sh; afterwards the pane prints its exit status and stays open.
    init(width: Int, height: Int, command: String, env: [String: String]) async {
        // Nothing inherited decides colour: swift test runs with NO_COLOR=1 in its environment.
        let exports = "unset NO_COLOR COLORTERM; " + env.map { "export \($0.key)='\($0.value)';" }.joined(separator: " ")
        let script = "\(exports) \(command); echo \"EXIT=$?\"; sleep 600"
        await tmux("-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", session, "sh", "-c", script)
    }

    /// Not awaited: the server is told to end, and a thread of the child's own reaps the client.
    deinit { _ = try? ChildProcess(["tmux", "-L", socket, "kill-server"], environment: ProcessInfo.processInfo.environment) }

    /// One tmux command on this session's server.
    @discardableResult
    func tmux(_ args: String...) async -> (status: Int32, out: String) {
        await run(["tmux", "-L", socket] + args)
    }

    func keys(_ keys: String...) async { await run(["tmux", "-L", socket, "send-keys", "-t", session] + keys) }
    func type(_ text: String) async { await tmux("send-keys", "-t", session, "-l", text) }
    func resize(_ width: Int, _ height: Int) async {
        await tmux("resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)")
    }

    /// The screen as text; with `escapes`, with its colours and attributes.
    func screen(escapes: Bool = false) async -> String {
        await run(["tmux", "-L", socket, "capture-pane", "-p", "-t", session] + (escapes ? ["-e"] : [])).out
    }

    func value(_ format: String) async -> String {
        await tmux("display-message", "-p", "-t", session, format).out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Waits until the screen satisfies `condition`; records an issue with the screen if it never
    /// does. Each look starts a tmux client, so the looks grow sparser the longer the wait.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 30, escapes: Bool = false,
                 sourceLocation: SourceLocation = #_sourceLocation, _ condition: (String) -> Bool) async -> Bool {
        let end = Date() + timeout
        var pause = 0.02
        repeat {
            if condition(await screen(escapes: escapes)) { return true }
            try? await Task.sleep(for: .seconds(pause))
            pause = min(pause * 1.5, 0.2)
        } while Date() < end
        let last = await screen(escapes: escapes)
        if condition(last) { return true }
        Issue.record("timed out waiting for \(what); screen:\n\(last)", sourceLocation: sourceLocation)
        return false
    }

    func waitFor(text: String, timeout: TimeInterval = 30, sourceLocation: SourceLocation = #_sourceLocation) async {
        await waitFor("\"\(text)\"", timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
    }
}
