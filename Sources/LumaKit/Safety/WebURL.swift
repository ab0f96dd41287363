import Foundation

/// Why a URL may not leave lumatop. Never repeats the URL itself: it came from outside.
public enum RefusedURL: Error, Hashable, Sendable, CustomStringConvertible {
    case notAURL
    /// The scheme, if it has one (`file`, `javascript`…).
    case notWeb(String?)
    case noHost
    case credentials
    case forbiddenCharacters
    case leadingDash
    /// A redirect from https to plain http.
    case downgrade
    /// A redirect to plain http on another machine.
    case plainHTTPElsewhere

    public var description: String {
        switch self {
        case .notAURL: "it is not a URL"
        case .notWeb(let scheme?): "only http and https URLs leave lumatop, not \(scheme):"
        case .notWeb(nil): "only http and https URLs leave lumatop, and it names no scheme"
        case .noHost: "it names no host"
        case .credentials: "it carries a user name or password"
        case .forbiddenCharacters: "it holds characters no URL may (controls, spaces, invisible or non-ASCII ones)"
        case .leadingDash: "it starts with '-'"
        case .downgrade: "a redirect from https to plain http is not followed"
        case .plainHTTPElsewhere: "a redirect to plain http is followed only to this machine"
        }
    }
}

/// The one rule for a URL that leaves lumatop (opened by `o`, copied by `y`, fetched by a
/// download or a preview): http or https, a host, no user or password, and only the characters
/// RFC 3986 allows, so no control, space, bidi or zero-width character can ride along and no
/// parser reads it differently. Anything that hands a URL on takes this type, not a string.
public struct WebURL: Hashable, Sendable, CustomStringConvertible {
    /// As given, with the scheme in lower case.
    public let text: String
    public let isHTTPS: Bool
    public let host: String

    public init(_ raw: String) throws(RefusedURL) {
        if raw.hasPrefix("-") { throw .leadingDash }
        guard !raw.isEmpty else { throw .notAURL }
        guard raw.utf8.allSatisfy(Self.allowed) else { throw .forbiddenCharacters }
        guard let colon = raw.firstIndex(of: ":"),
              raw[..<colon].first?.isLetter == true,
              raw[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) })
        else { throw .notWeb(nil) }
        let scheme = raw[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else { throw .notWeb(String(scheme.prefix(20))) }
        let rest = raw[raw.index(after: colon)...]
        guard rest.hasPrefix("//") else { throw .noHost }
        let authority = rest.dropFirst(2).prefix { !"/?#".contains($0) }
        if authority.contains("@") { throw .credentials }
        let text = scheme + ":" + rest
        guard let parts = URLComponents(string: text) else { throw .notAURL }
        guard let host = parts.host, !host.isEmpty else { throw .noHost }
        if parts.port.map({ !(1...65_535).contains($0) }) == true { throw .notAURL }
        self.text = text
        self.isHTTPS = scheme == "https"
        self.host = host
    }

    public var description: String { text }

    /// 127.0.0.0/8, ::1 or localhost.
    public var isLoopback: Bool { ServiceEndpoint.isLoopback(host) }

    /// Where a redirect from here to `location` (absolute or relative) leads, if it may be
    /// followed: never from https to http, never to another scheme, plain http only to loopback.
    public func redirect(to location: String) throws(RefusedURL) -> WebURL {
        guard location.utf8.allSatisfy(Self.allowed) else { throw .forbiddenCharacters }
        guard let base = URL(string: text), let target = URL(string: location, relativeTo: base) else { throw .notAURL }
        let next = try WebURL(target.absoluteString)
        if isHTTPS && !next.isHTTPS { throw .downgrade }
        if !next.isHTTPS && !next.isLoopback { throw .plainHTTPElsewhere }
        return next
    }

    /// Unreserved, reserved and `%`: the characters of RFC 3986.
    private static func allowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "-._~:/?#[]@!$&'()*+,;=%".utf8.contains(byte)
        }
    }
}
