/// Which service lumatop talks to: the QuickRouter relay, or Luma's own API (Dream Machine). The
/// state store keeps it with each generation: the same id under two providers is two generations.
public enum Provider: String, CaseIterable, Hashable, Sendable {
    case quickrouter
    case luma

    /// Where requests go unless `--base-url` says otherwise.
    public var defaultBase: String {
        switch self {
        case .quickrouter: ServiceEndpoint.defaultBase
        case .luma: "https://api.lumalabs.ai/dream-machine/v1"
        }
    }

    /// The environment variable the key is read from (the official SDKs read `LUMAAI_API_KEY`).
    public var keyVariable: String {
        switch self {
        case .quickrouter: "QUICKROUTER_API_KEY"
        case .luma: "LUMAAI_API_KEY"
        }
    }

    /// As messages name it.
    public var displayName: String {
        switch self {
        case .quickrouter: "QuickRouter"
        case .luma: "the Luma API"
        }
    }

    /// A state in this provider's own word (what its answers say).
    public func word(for state: GenerationState) -> String {
        switch (self, state) {
        case (.luma, .pending): "queued"
        case (.luma, .processing): "dreaming"
        default: state.word
        }
    }
}
