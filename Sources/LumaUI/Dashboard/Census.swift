import LumaKit

/// How many generations show each condition, and how many are still open: what the title bar
/// counts and whether a clock on screen moves. A pass over every generation, so the loop keeps
/// it with the order (`RowOrderCache`): conditions change only with the store's `orderVersion`.
public struct Census: Hashable, Sendable {
    /// By the word the list shows.
    public var counts: [String: Int] = [:]
    /// Not finished: their time in state ticks.
    public var open = 0
    /// Whose words the counts are said in (the first answer's provider).
    public var provider = Provider.quickrouter

    public init(_ snapshot: StoreSnapshot) {
        // The documented states are counted without hashing, in place (a buffer pointer, an
        // inlinable `condition`): `for g in` copied every generation.
        var documented = [0, 0, 0, 0]
        var counts: [String: Int] = [:]
        var open = 0
        snapshot.generations.withUnsafeBufferPointer { generations in
            for i in generations.indices {
                let condition = generations[i].condition
                switch condition {
                case .state(.pending): documented[0] += 1
                case .state(.processing): documented[1] += 1
                case .state(.completed): documented[2] += 1
                case .state(.failed): documented[3] += 1
                case let other: counts[other.word, default: 0] += 1
                }
                if case .state(let s) = condition, s.isFinished { continue }
                open += 1
            }
        }
        for (word, n) in zip(Self.documented, documented) where n > 0 { counts[word] = n }
        self.counts = counts
        self.open = open
        provider = snapshot.generations.lazy.compactMap { $0.generation?.provider }.first ?? .quickrouter
    }

    public static let documented = ["pending", "processing", "completed", "failed"]
}
