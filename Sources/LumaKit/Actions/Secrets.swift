import Foundation

/// The API keys this process holds. Every child is started through `Spawn`, which asks here what
/// to leave out, so no caller has to remember: the key stays in lumatop by construction.
public enum Secrets {
    /// Variables that carry a key by convention, removed from every child's environment even when
    /// this process never read them (a demo run, say).
    public static let variableNames: Set<String> = ["QUICKROUTER_API_KEY", "LUMAAI_API_KEY"]

    private static let keys = Locked(Set<String>())

    /// Remembers a key; clients register theirs when they are made.
    public static func register(_ key: String) {
        guard !key.isEmpty else { return }
        keys.withLock { _ = $0.insert(key) }
    }

    /// Keys shorter than this are matched only as a whole value: searched for inside text, a
    /// short one would be found everywhere (real keys are long and random).
    static let searchableLength = 8

    /// Whether `text` holds a registered key.
    public static func appear(in text: String) -> Bool {
        keys.current.contains { holds(text, $0) }
    }

    /// `env` without the key variables and without any variable whose value holds a key (a key
    /// read from a file may also sit in a variable of the user's own naming).
    public static func scrub(_ env: [String: String]) -> [String: String] {
        let held = keys.current
        return env.filter { name, value in
            !variableNames.contains(name) && !held.contains { holds(value, $0) }
        }
    }

    private static func holds(_ text: String, _ key: String) -> Bool {
        key.count >= searchableLength ? text.contains(key) : text == key
    }
}
