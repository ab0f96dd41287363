import Foundation

/// Tells which generations reached completed or failed while we watched. A generation already
/// finished when we started, or first answered finished when it was on the list from the start,
/// is not news; one tracked later whose first answer is finished is.
public struct FinishTracker: Sendable {
    /// The last state seen of each id; `.some(nil)` for one present at start without an answer.
    private var last: [String: GenerationState?] = [:]

    public init(_ snapshot: StoreSnapshot) {
        for g in snapshot.generations { last[g.id] = .some(g.state) }
    }

    /// Records the current state of `g`; true when it has just finished.
    public mutating func observe(_ g: TrackedGeneration) -> Bool {
        let before = last[g.id]
        last[g.id] = .some(g.state)
        guard g.isFinished else { return false }
        switch before {
        case .none: return true                         // tracked after we started
        case .some(.none): return false                 // on the list from the start, first answer
        case .some(.some(let state)): return !state.isFinished
        }
    }

    public mutating func forget(_ id: String) { last[id] = nil }
}
