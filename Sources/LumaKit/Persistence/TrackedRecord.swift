import Foundation

/// One line of the state file: a tracked id and the last answer it had. Never anything secret.
public struct TrackedRecord: Hashable, Sendable, Codable {
    public var id: String
    public var trackedAt: Date
    public var stateChangedAt: Date?
    public var lastPolledAt: Date?
    /// The last good answer, in the server's own shape.
    public var answer: Generation?
    /// Where the video was saved, once downloaded.
    public var savedPath: String?

    public init(id: String, trackedAt: Date, stateChangedAt: Date? = nil, lastPolledAt: Date? = nil,
                answer: Generation? = nil, savedPath: String? = nil) {
        self.id = id; self.trackedAt = trackedAt; self.stateChangedAt = stateChangedAt
        self.lastPolledAt = lastPolledAt; self.answer = answer; self.savedPath = savedPath
    }

    public init(_ g: TrackedGeneration) {
        self.init(id: g.id, trackedAt: g.firstSeen, stateChangedAt: g.stateChangedAt,
                  lastPolledAt: g.lastPolledAt, answer: g.generation, savedPath: g.savedPath)
    }

    /// The store's view of a record loaded from disk. Finished answers are not fetched again.
    public var tracked: TrackedGeneration {
        TrackedGeneration(id: id, generation: answer, firstSeen: trackedAt,
                          stateChangedAt: stateChangedAt ?? trackedAt, lastPolledAt: lastPolledAt, savedPath: savedPath)
    }

    enum CodingKeys: String, CodingKey {
        case id, answer
        case trackedAt = "tracked_at"
        case stateChangedAt = "state_changed_at"
        case lastPolledAt = "last_polled_at"
        case savedPath = "saved_path"
    }
}

/// The whole state file.
struct TrackedDocument: Codable {
    static let currentVersion = 1
    var version = TrackedDocument.currentVersion
    var generations: [TrackedRecord] = []
}
