import Foundation
#if canImport(Glibc)
import Glibc
#endif

public struct SpawnError: Error, Hashable, Sendable, CustomStringConvertible {
    public let description: String
}

/// Starts programs with an argument vector, never through a shell built from data. Foundation's
/// `Process` lost children on this toolchain; posix_spawn and a blocking waitpid do not.
public enum Spawn {
    /// The full path of `name` on `PATH` (a name with a `/` is taken as it is), or nil.
    public static func which(_ name: String, environment env: [String: String]) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        let path = env["PATH"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(name)"
            var info = stat()
            if access(candidate, X_OK) == 0, stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG {
                return candidate
            }
        }
        return nil
    }

    /// Starts `argv` (argv[0] a full path) in its own session, with stdin from /dev/null and stdout
    /// and stderr to `output` (nil: /dev/null, so nothing scribbles on the dashboard). Signals we
    /// ignore are set back to their defaults for the child. The API key never goes along: it is
    /// taken out of the environment, and a command line that would carry it is refused.
    public static func start(_ argv: [String], environment: [String: String], output: Int32? = nil) throws(SpawnError) -> pid_t {
        guard let program = argv.first else { throw SpawnError(description: "nothing to run") }
        guard !argv.contains(where: Secrets.appear(in:)) else {
            throw SpawnError(description: "not run: its command line would contain the API key")
        }
        let env = Secrets.scrub(environment)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if let output {
            posix_spawn_file_actions_adddup2(&actions, output, 1)
            posix_spawn_file_actions_adddup2(&actions, output, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        // Nothing else of ours (sockets, the state file's lock, the wake pipe) reaches the child.
        closeDescriptors(from: 3, in: &actions)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGWINCH, SIGCHLD] { sigaddset(&defaults, sig) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attr, &none)
        // Its own session: a browser outlives the dashboard and never reads our terminal.
        // 0x80 is glibc's POSIX_SPAWN_SETSID (2.26 and later), which Swift does not import.
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | 0x80))
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (cArgs + cEnv).forEach { free($0) } }
        var pid: pid_t = 0
        var rc = posix_spawn(&pid, program, &actions, &attr, cArgs, cEnv)
        // ETXTBSY: a script just written while another thread forked; the copy closes in a moment.
        for _ in 0..<20 where rc == ETXTBSY {
            usleep(50_000)
            rc = posix_spawn(&pid, program, &actions, &attr, cArgs, cEnv)
        }
        guard rc == 0 else { throw SpawnError(description: "cannot run \(program): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// Closes every descriptor from `lowest` up in the child. Swift's NIO opens its sockets
    /// without close-on-exec, so without this a child holds our connections and listeners.
    public static func closeDescriptors(from lowest: Int32, in actions: inout posix_spawn_file_actions_t) {
        _ = addCloseFrom.map { $0(&actions, lowest) }
    }

    /// glibc 2.34's `posix_spawn_file_actions_addclosefrom_np`, which Swift does not import.
    private static let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            return nil
        }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// Waits for `pid`; its exit status, or 128 + the signal that ended it.
    public static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    /// Starts `argv` and reports its exit status from a background thread.
    public static func run(_ argv: [String], environment env: [String: String], output: Int32? = nil,
                           completion: @escaping @Sendable (Result<Int32, SpawnError>) -> Void) {
        let pid: pid_t
        do { pid = try start(argv, environment: env, output: output) } catch {
            completion(.failure(error))
            return
        }
        Thread.detachNewThread { completion(.success(wait(pid))) }
    }
}
