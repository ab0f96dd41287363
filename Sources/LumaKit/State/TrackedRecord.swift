import Foundation

/// One row of the tracked list: a tracked id, the last answer it had, where its video went.
/// Never anything secret.
public struct TrackedRecord: Hashable, Sendable {
    public var id: String
    public var trackedAt: Date
    public var stateChangedAt: Date?
    /// Only ever read from an old `tracked.json`: poll bookkeeping is not kept any more.
    public var lastPolledAt: Date?
    /// The last good answer, in the server's own shape.
    public var answer: Generation?
    /// Where the video was saved, once downloaded.
    public var savedPath: String?
    /// The generation this one continues, when it was made by extend.
    public var extends: String?

    public init(id: String, trackedAt: Date, stateChangedAt: Date? = nil, lastPolledAt: Date? = nil,
                answer: Generation? = nil, savedPath: String? = nil, extends: String? = nil) {
        self.id = id; self.trackedAt = trackedAt; self.stateChangedAt = stateChangedAt
        self.lastPolledAt = lastPolledAt; self.answer = answer; self.savedPath = savedPath; self.extends = extends
    }

    public init(_ g: TrackedGeneration) {
        self.init(id: g.id, trackedAt: g.firstSeen, stateChangedAt: g.stateChangedAt,
                  lastPolledAt: g.lastPolledAt, answer: g.generation, savedPath: g.savedPath, extends: g.extends)
    }

    /// The store's view of a record. Finished answers are not fetched again.
    public var tracked: TrackedGeneration {
        TrackedGeneration(id: id, generation: answer, firstSeen: trackedAt,
                          stateChangedAt: stateChangedAt ?? trackedAt, lastPolledAt: lastPolledAt, savedPath: savedPath,
                          extends: extends)
    }
}

/// Errors of the tracked list, as the sentence to show.
public struct PersistenceError: Error, Hashable, Sendable, CustomStringConvertible {
    public let description: String
}
