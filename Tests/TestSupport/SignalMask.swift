#if canImport(Glibc)
import Glibc
#endif

/// Spawn attributes for a child's signal mask. The runner's threads block most signals and a
/// child inherits the mask: a tmux server started with SIGTERM blocked ignores `kill-server`,
/// and a lumatop would not see the signals a shell lets through. So a child starts with none
/// blocked, as from a shell, unless a test asks for some. Destroy the result after the spawn.
public enum SignalMask {
    public static func attributes(blocking: [Int32] = []) -> posix_spawnattr_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        var mask = sigset_t()
        sigemptyset(&mask)
        for signal in blocking { sigaddset(&mask, signal) }
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        return attributes
    }
}
