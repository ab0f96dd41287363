import Foundation
import Testing
import TestSupport

/// What one run of the binary left behind.
typealias LumatopRun = ProcessOutcome

/// Starts `lumatop` with exactly this environment. `command`: the argv before `args` (default:
/// the built lumatop), e.g. a program that starts it; `blocking`: signals it starts with blocked.
func startLumatop(_ args: [String], env: [String: String], output: ChildProcess.Output = .pipes,
                  blocking: [Int32] = [], command: [String]? = nil) throws -> ChildProcess {
    guard let binary = LumatopBinary.url else { throw LumatopNotFound() }
    return try ChildProcess((command ?? [binary.path]) + args, environment: env, output: output, blocking: blocking)
}

/// Runs `lumatop` to completion with exactly this environment.
func runLumatop(_ args: [String], env: [String: String], timeout: TimeInterval = 60, command: [String]? = nil,
                sourceLocation: SourceLocation = #_sourceLocation) async -> LumatopRun {
    await runProcess((command ?? [LumatopBinary.path]) + args, environment: env, timeout: timeout,
                     sourceLocation: sourceLocation)
}

/// A fresh temporary home for one test: HOME and XDG_STATE_HOME point inside it, so the user's real
/// state is never touched. Removed when the test lets go of it.
final class Sandbox: Sendable {
    private let scratch = ScratchDirectory("lumatop-cli-tests")
    var root: URL { scratch.url }
    var home: URL { root.appendingPathComponent("home") }
    var xdgState: URL { root.appendingPathComponent("xdg-state") }
    /// A state directory for `--state-dir`.
    var stateDir: URL { root.appendingPathComponent("state") }
    /// Where lumatop keeps its list when no `--state-dir` is given.
    var defaultStateFile: URL { xdgState.appendingPathComponent("lumatop/lumatop.sqlite3") }
    /// The database under `--state-dir`.
    var database: URL { stateDir.appendingPathComponent("lumatop.sqlite3") }

    init() throws {
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: xdgState, withIntermediateDirectories: true)
    }

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
