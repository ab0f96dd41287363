import AsyncHTTPClient
import Foundation

/// Why a preview's bytes could not be had: one short line for the detail pane, with the palette.
public enum PreviewFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// The URL itself broke the URL rules.
    case refused(RefusedURL)
    /// Plain http to another machine: anyone on the way could swap the picture.
    case plainHTTPElsewhere
    case redirect(RefusedURL)
    case tooManyRedirects
    case http(Int)
    /// A 2xx whose Content-Type is not one lumatop decodes (nil: it named none).
    case notAnImage(String?)
    case tooLarge(limit: Int)
    case timedOut(seconds: TimeInterval)
    /// The request got no answer: refused, unknown host, connection lost, a proxy that would not.
    case unreachable(String)

    /// Cleaned here, once, for every output: a Content-Type or a reason may come from a hostile host.
    public var description: String { UntrustedText.line(uncleanDescription) }

    private var uncleanDescription: String {
        switch self {
        case .refused(let why): "not fetched: \(why)"
        case .plainHTTPElsewhere: "not fetched: plain http is fetched only from this machine"
        case .redirect(let why): "redirect refused: \(why)"
        case .tooManyRedirects: "redirected too many times, or in a loop"
        case .http(let status): "HTTP \(status)"
        case .notAnImage(let type?): "not an image: \(type)"
        case .notAnImage(nil): "not an image: no Content-Type"
        case .tooLarge(let limit): "larger than \(limit >> 20) MiB, refused"
        case .timedOut(let seconds): "no answer within \(Bounded.wholeSeconds(seconds)) s"
        case .unreachable(let why): why
        }
    }

    /// A Content-Type as a host sent it, cut short and cleaned: it is shown in the pane.
    static func notAnImage(contentType: String?) -> PreviewFailure {
        guard let contentType else { return .notAnImage(nil) }
        let clean = UntrustedText.line(contentType).trimmingCharacters(in: .whitespaces)
        return .notAnImage(clean.count > 40 ? String(clean.prefix(40)) + "…" : clean)
    }
}

extension PreviewFailure {
    /// A request's error in one short line of our own words: a library's description can run to
    /// lines and quote what the host sent.
    static func classify(_ error: any Error, deadline: TimeInterval) -> PreviewFailure {
        if let e = error as? HTTPClientError {
            switch e {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .getConnectionFromPoolTimeout, .tlsHandshakeTimeout,
                 .httpProxyHandshakeTimeout, .socksHandshakeTimeout, .writeTimeout:
                return .timedOut(seconds: deadline)
            case .remoteConnectionClosed, .bodyLengthMismatch:
                return .unreachable("the connection closed before the picture was whole")
            case .invalidProxyResponse, .proxyAuthenticationRequired:
                return .unreachable("the proxy would not connect")
            default:
                return .unreachable("the answer could not be read")
            }
        }
        let text = String(describing: error)
        let type = String(describing: type(of: error))
        if text.lowercased().contains("refused") { return .unreachable("connection refused") }
        if text.contains("dnsA") || text.contains("unknown host") || type.contains("SocketAddressError") {
            return .unreachable("host not found")
        }
        if type.contains("SSL") || type.contains("TLS") || type.contains("Certificate") {
            return .unreachable("secure connection failed")
        }
        if text.contains("reset") || text.contains("EOF") { return .unreachable("connection lost") }
        return .unreachable("connection failed")
    }
}
