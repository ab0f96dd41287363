import Foundation

/// The proxy to use for one endpoint, from `HTTPS_PROXY`/`HTTP_PROXY` and `NO_PROXY` (either case,
/// as curl reads them). Loopback hosts never go through a proxy.
public struct ProxySettings: Hashable, Sendable {
    public let host: String
    public let port: Int
    public let username: String?
    public let password: String?

    public static func from(environment env: [String: String], for endpoint: ServiceEndpoint) -> ProxySettings? {
        from(environment: env, scheme: endpoint.scheme, host: endpoint.host)
    }

    /// The same for any host lumatop fetches from (a preview's media host).
    public static func from(environment env: [String: String], scheme: String, host: String) -> ProxySettings? {
        if ServiceEndpoint.isLoopback(host) { return nil }
        func value(_ name: String) -> String? {
            let v = env[name.lowercased()] ?? env[name.uppercased()]
            return (v?.isEmpty ?? true) ? nil : v
        }
        let raw = scheme == "https" ? value("https_proxy") : value("http_proxy")
        guard let raw else { return nil }
        if let noProxy = value("no_proxy"), Self.bypasses(host: host, noProxy: noProxy) { return nil }
        let withScheme = raw.contains("://") ? raw : "http://" + raw
        guard let c = URLComponents(string: withScheme), let host = c.host, !host.isEmpty else { return nil }
        return ProxySettings(host: host, port: c.port ?? 80, username: c.user, password: c.password)
    }

    /// `NO_PROXY` is a comma list of hosts and domain suffixes (`example.com`, `.example.com`), or `*`.
    static func bypasses(host: String, noProxy: String) -> Bool {
        let host = host.lowercased()
        for entry in noProxy.split(separator: ",") {
            var e = entry.trimmingCharacters(in: .whitespaces).lowercased()
            if e.isEmpty { continue }
            if e == "*" { return true }
            if let colon = e.lastIndex(of: ":"), !e.contains("]"), e.filter({ $0 == ":" }).count == 1 {
                e = String(e[..<colon])
            }
            if e.hasPrefix(".") { e.removeFirst() }
            if host == e || host.hasSuffix("." + e) { return true }
        }
        return false
    }
}
