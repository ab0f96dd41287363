import Foundation

/// What the user asks to be made: a new generation, or the continuation of a completed one.
/// Provider-neutral: each provider turns it into its own request (`CreateRequest`).
public struct GenerationOrder: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case create
        /// Continues the completed generation with this id.
        case extend(parentID: String)
    }

    public var kind: Kind
    public var prompt: String
    public var aspectRatio: String
    public var model: String?
    public var resolution: String?
    public var duration: String?
    public var loop: Bool
    public var expandPrompt: Bool
    /// The start image's URL, and the end image's.
    public var image: String?
    public var endImage: String?
    /// `--field KEY=VALUE`: added after the named fields, replacing one of the same key.
    public var fields: [OrderField]

    public static let aspectRatios = ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9", "9:21"]
    public static let maxPromptCharacters = 5_000

    public init(kind: Kind = .create, prompt: String, aspectRatio: String = "16:9", model: String? = nil,
                resolution: String? = nil, duration: String? = nil, loop: Bool = false, expandPrompt: Bool = false,
                image: String? = nil, endImage: String? = nil, fields: [OrderField] = []) {
        self.kind = kind; self.prompt = prompt; self.aspectRatio = aspectRatio; self.model = model
        self.resolution = resolution; self.duration = duration; self.loop = loop; self.expandPrompt = expandPrompt
        self.image = image; self.endImage = endImage; self.fields = fields
    }
}

/// One `--field KEY=VALUE`.
public struct OrderField: Hashable, Sendable {
    public var key: String
    public var value: JSONValue
    public init(key: String, value: JSONValue) { self.key = key; self.value = value }
}

/// Why an order is not sent: said before anything leaves (exit 2 on the command line).
public struct OrderInvalid: Error, Hashable, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// What a create or extend came to when the service said it was made.
public struct Created: Hashable, Sendable {
    public let id: String
    /// The answer's generation, when it had the shape of one.
    public let generation: Generation?
    public init(id: String, generation: Generation?) { self.id = id; self.generation = generation }
}

/// Why a create or extend did not (certainly) make anything. Never retried by lumatop: a paid
/// request that may have gone through is not sent twice.
public enum CreateFailure: Error, Hashable, Sendable {
    /// A 4xx other than 429: the service's own words, whatever shape its error body had.
    case refused(status: Int, message: String)
    /// A 429: nothing was created; wait this long (when the service said).
    case rateLimited(retryAfter: TimeInterval?)
    /// A timeout, a network error, a 5xx or a malformed answer: it may or may not have been
    /// created. `detail` says what happened.
    case unknownOutcome(detail: String)
}

/// Sends creates and extends. Implementations call `completion` exactly once, on any thread,
/// and never send an order twice.
public protocol GenerationsCreator: Sendable {
    /// The request `order` becomes for this provider, as `--dry-run` and the form show it.
    func request(for order: GenerationOrder) -> CreateRequest
    func create(_ order: GenerationOrder, completion: @escaping @Sendable (Result<Created, CreateFailure>) -> Void)
}

/// A request as it would be sent: never with the key.
public struct CreateRequest: Hashable, Sendable {
    public let method: String
    public let url: String
    /// The JSON body.
    public let body: String
    public init(method: String, url: String, body: String) { self.method = method; self.url = url; self.body = body }
}

extension GenerationOrder {
    /// Refuses what no service should be sent: an empty or too long prompt, an aspect ratio not
    /// in the list, an image URL that is not http(s), a field with no key, an extend of an id
    /// that cannot be one.
    public func validate() throws(OrderInvalid) {
        if case .extend(let parent) = kind {
            do throws(InvalidTaskID) { try TaskID.validate(parent) } catch { throw OrderInvalid(error.description) }
        }
        for field in fields { try OrderField.check(key: field.key) }
        let text = prompt.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { throw OrderInvalid("the prompt is empty") }
        if prompt.count > Self.maxPromptCharacters {
            throw OrderInvalid("the prompt has \(prompt.count) characters, more than \(Self.maxPromptCharacters)")
        }
        if !Self.aspectRatios.contains(aspectRatio) {
            throw OrderInvalid("unknown aspect ratio \"\(UntrustedText.line(aspectRatio))\": use one of \(Self.aspectRatios.joined(separator: ", "))")
        }
        for (name, url) in [("start image", image), ("end image", endImage)] {
            guard let url else { continue }
            let lower = url.lowercased()
            guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), URL(string: url)?.host?.isEmpty == false else {
                throw OrderInvalid("the \(name) must be an http(s) URL, not \"\(UntrustedText.line(url))\"")
            }
        }
    }

    /// The prompt's first words, to say which order an outcome belongs to.
    public var firstWords: String {
        let words = UntrustedText.line(prompt).split(separator: " ").prefix(6).joined(separator: " ")
        return words.count > 48 ? String(words.prefix(47)) + "…" : words
    }
}

extension CreateFailure: CustomStringConvertible {
    /// One line, the same in the bottom bar and on the command line.
    public var description: String {
        switch self {
        case .refused(let status, let message): return "refused (HTTP \(status)): \(UntrustedText.line(message))"
        case .rateLimited(let wait?): return "rate limited (HTTP 429): nothing was created; try again in \(Int(wait.rounded(.up)))s"
        case .rateLimited(nil): return "rate limited (HTTP 429): nothing was created"
        case .unknownOutcome(let detail): return "\(UntrustedText.line(detail)): may or may not have been created; not retried"
        }
    }
}
