/// The state word of a generation. The documented words get cases; anything else is kept verbatim
/// (other relays say `queued` or `dreaming`) and treated as still active.
public enum GenerationState: Hashable, Sendable {
    case pending
    case processing
    case completed
    case failed
    case unknown(String)

    public init(word: String) {
        switch word {
        case "pending": self = .pending
        case "processing": self = .processing
        case "completed": self = .completed
        case "failed": self = .failed
        default: self = .unknown(word)
        }
    }

    /// The word as the server sent it.
    public var word: String {
        switch self {
        case .pending: "pending"
        case .processing: "processing"
        case .completed: "completed"
        case .failed: "failed"
        case .unknown(let word): word
        }
    }

    /// Finished generations are not polled again unless the user asks.
    public var isFinished: Bool { self == .completed || self == .failed }
}
