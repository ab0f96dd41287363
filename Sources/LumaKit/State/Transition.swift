import Foundation

/// One change of state of a tracked generation, as the tracked list keeps it: written only when
/// the state word moved (from nil: the first answer seen).
public struct Transition: Hashable, Sendable {
    public let id: String
    public let from: GenerationState?
    public let to: GenerationState
    public let at: Date

    public init(id: String, from: GenerationState?, to: GenerationState, at: Date) {
        self.id = id; self.from = from; self.to = to; self.at = at
    }
}
