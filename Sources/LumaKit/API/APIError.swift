import Foundation

/// Everything that can go wrong with one request, typed so the poller can choose its policy.
public enum APIError: Error, Hashable, Sendable {
    /// 401 or 403: the key is wrong, expired or not allowed.
    case unauthorized(status: Int)
    /// 404: unknown id, or one created a moment ago and not visible yet.
    case notFound
    /// 429. `retryAfter` is nil when the server sent no usable `Retry-After`.
    case rateLimited(retryAfter: TimeInterval?)
    /// 5xx.
    case server(status: Int)
    /// Any other status the API does not speak (3xx, 400, 418...).
    case unexpectedStatus(Int)
    /// The request never got an answer: refused, DNS, reset, or our own deadline.
    case transport(Transport)
    /// The body was not a generation.
    case decoding(reason: String, excerpt: String)
    /// The body was larger than the client accepts.
    case tooLarge(limit: Int)
    /// The id was refused before any request was made.
    case invalidID(InvalidTaskID)
    /// A 4xx other than those above, with the service's own words (`{"detail": …}`).
    case refused(status: Int, message: String)
    /// A body in another API's shape (the relay's, say) where the official Luma API was asked.
    case notLumaAnswer(excerpt: String)

    public enum Transport: Hashable, Sendable {
        case timeout(seconds: TimeInterval)
        case refused(String)
        case dns(String)
        case other(String)
    }

    /// One short line for a status bar or a script. Server text in it (a transport error's
    /// detail, an excerpt of a malformed answer) is cleaned here, once for every output.
    public var message: String { UntrustedText.line(uncleanMessage) }

    private var uncleanMessage: String {
        switch self {
        case .unauthorized(let status): "API key rejected (HTTP \(status))"
        case .notFound: "not found (HTTP 404)"
        case .rateLimited(let after?) where after > PollPolicy.longestRateLimitHold:
            "rate limited (HTTP 429): \(RetryAfter.cutNote(asked: after))"
        case .rateLimited(let after?): "rate limited (HTTP 429), retry after \(Bounded.wholeSeconds(Bounded.wait(after))) s"
        case .rateLimited(nil): "rate limited (HTTP 429)"
        case .server(let status): "server error (HTTP \(status))"
        case .unexpectedStatus(let status): "unexpected answer (HTTP \(status))"
        case .transport(let transport): transport.words
        case .decoding(let reason, let excerpt): "malformed answer (\(reason)): \(excerpt)"
        case .tooLarge(let limit): "answer larger than \(limit / 1024) KiB, refused"
        case .invalidID(let invalid): invalid.description
        case .refused(let status, let message): "refused (HTTP \(status)): \(message)"
        case .notLumaAnswer(let excerpt): "not an answer of the Luma API: \(excerpt)"
        }
    }
}

extension APIError {
    /// A request that got no answer, in a few words; nil for any other error.
    public var transportWords: String? {
        if case .transport(let transport) = self { transport.words } else { nil }
    }
}

extension APIError.Transport {
    /// A few words a person reads: never the networking library's own nested description, which
    /// the details hold (`connection reset (error set): Connection refused) (errno: 111)`).
    public var words: String {
        switch self {
        case .timeout(let seconds): "no answer within \(Bounded.int(seconds)) s"
        case .refused: "connection refused"
        case .dns: "host not found"
        case .other(let detail): Self.words(for: detail)
        }
    }

    /// Known kinds of failure, by what the libraries' texts say of them; the first match wins.
    static let kinds: [(needles: [String], words: String)] = [
        (["refused", "errno: 111"], "connection refused"),
        (["reset", "errno: 104"], "connection reset"),
        (["unknown host", "dns", "resolution", "errno: -2", "errno: -3"], "host not found"),
        (["unreachable", "errno: 101", "errno: 113"], "network unreachable"),
        (["timed out", "timeout", "errno: 110"], "timed out"),
        (["tls", "ssl", "handshake", "certificate"], "TLS failed"),
        (["closed", "eof", "errno: 32"], "connection closed early"),
        (["header could not be sent"], "a request header could not be sent"),
        (["bad request url", "invalidurl", "unsupportedscheme"], "bad service URL"),
    ]

    static func words(for detail: String) -> String {
        let text = detail.lowercased()
        return kinds.first { $0.needles.contains { text.contains($0) } }?.words ?? "network error"
    }
}

extension APIError {
    /// The same error with every copy of `secret` blanked out of its text: the key must never be
    /// shown, even inside a library's error description.
    public func redacting(_ secret: String) -> APIError {
        guard !secret.isEmpty else { return self }
        func clean(_ s: String) -> String { s.replacingOccurrences(of: secret, with: "<redacted>") }
        switch self {
        case .transport(.other(let s)): return .transport(.other(clean(s)))
        case .transport(.refused(let s)): return .transport(.refused(clean(s)))
        case .transport(.dns(let s)): return .transport(.dns(clean(s)))
        case .decoding(let reason, let excerpt): return .decoding(reason: clean(reason), excerpt: clean(excerpt))
        case .refused(let status, let message): return .refused(status: status, message: clean(message))
        case .notLumaAnswer(let excerpt): return .notLumaAnswer(excerpt: clean(excerpt))
        default: return self
        }
    }
}

extension APIError: CustomStringConvertible {
    public var description: String { message }
}
