import Foundation

/// Why a base URL was refused before any request.
public struct EndpointError: Error, Hashable, Sendable, CustomStringConvertible {
    public let description: String
}

/// A base URL that the key may be sent to: https anywhere, plain http only to this machine
/// (127.0.0.0/8, ::1, localhost), where nobody can read it off the wire.
public struct ServiceEndpoint: Hashable, Sendable {
    public static let defaultBase = "https://api.quickrouter.ai"

    public let scheme: String
    public let host: String
    public let port: Int
    /// The path prefix without a trailing slash ("" for most).
    public let basePath: String

    public init(_ text: String) throws(EndpointError) {
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
              let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty
        else { throw EndpointError(description: "base URL \"\(text)\" is not a URL like https://api.quickrouter.ai") }
        guard components.query == nil, components.fragment == nil, components.user == nil else {
            throw EndpointError(description: "base URL \"\(text)\" must not carry a query, fragment or user")
        }
        switch scheme {
        case "https": break
        case "http":
            guard Self.isLoopback(host) else {
                throw EndpointError(description:
                    "refusing to send the API key over plain http to \(host): use https, or http only to 127.0.0.1, ::1 or localhost")
            }
        default:
            throw EndpointError(description: "base URL \"\(text)\" must start with https:// (or http:// to this machine)")
        }
        self.scheme = scheme
        self.host = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        self.port = components.port ?? (scheme == "https" ? 443 : 80)
        var path = components.path
        while path.hasSuffix("/") { path.removeLast() }
        self.basePath = path
    }

    /// True for localhost, ::1 and every 127.x.y.z.
    public static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if h == "localhost" || h == "::1" || h == "0:0:0:0:0:0:0:1" { return true }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in UInt8(part) != nil }
    }

    public var isLoopback: Bool { Self.isLoopback(host) }

    /// What the title bar shows.
    public var displayHost: String {
        let defaultPort = scheme == "https" ? 443 : 80
        return port == defaultPort ? host : "\(host):\(port)"
    }

    func url(forGeneration id: String) -> String { "\(root)/luma/generations/\(id)" }

    /// The batch query, `POST {base}/luma/tasks`.
    var batchURL: String { "\(root)/luma/tasks" }

    var root: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(hostPart):\(port)\(basePath)"
    }
}
