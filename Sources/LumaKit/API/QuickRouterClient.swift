import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The QuickRouter relay over AsyncHTTPClient: about half the CPU per request of URLSession on
/// Linux, and it enforces its own deadline (URLSession's resource timeout is ignored there).
public final class QuickRouterClient: GenerationsClient, Sendable {
    public static let version = "0.1.0"
    public static let defaultTimeout: TimeInterval = 20
    public static let defaultCreateTimeout: TimeInterval = 60
    public static let maxBodyBytes = 2 * 1024 * 1024

    public let endpoint: ServiceEndpoint
    let apiKey: String
    private let timeout: TimeInterval
    private let http: HTTPClient
    // What a create's own client is made from (QuickRouterClient+Create).
    let createTimeout: TimeInterval
    let proxy: ProxySettings?
    let eventLoopGroup: any EventLoopGroup

    /// `createTimeout`: the deadline of a create or extend, never retried.
    public init(endpoint: ServiceEndpoint, apiKey: String, timeout: TimeInterval = defaultTimeout,
                createTimeout: TimeInterval = defaultCreateTimeout,
                proxy: ProxySettings? = nil, eventLoopGroup: any EventLoopGroup = HTTPClient.defaultEventLoopGroup) {
        self.endpoint = endpoint
        self.apiKey = apiKey
        Secrets.register(apiKey)
        self.timeout = timeout
        self.createTimeout = createTimeout
        self.proxy = proxy
        self.eventLoopGroup = eventLoopGroup
        http = HTTPClient(eventLoopGroup: eventLoopGroup, configuration: Self.configuration(timeout: timeout, proxy: proxy))
    }

    static func configuration(timeout: TimeInterval, proxy: ProxySettings?) -> HTTPClient.Configuration {
        var config = HTTPClient.Configuration(
            // A redirect could carry the key to another host: the API never redirects, so refuse.
            redirectConfiguration: .disallow,
            timeout: .init(connect: Bounded.timeAmount(min(timeout, 10).rounded(.up))),
            proxy: proxy.map {
                let auth = $0.username.map { HTTPClient.Authorization.basic(username: $0, password: proxy?.password ?? "") }
                return .server(host: $0.host, port: $0.port, authorization: auth)
            })
        config.httpVersion = .http1Only
        // The poller retries with its own backoff; the pool's retries would hide a refused
        // connection until the connect timeout, and the title would say nothing meanwhile.
        config.connectionPool.retryConnectionEstablishment = false
        return config
    }

    deinit {
        // Shutting down keeps the client alive until it is done; nothing waits for it here.
        _ = http.shutdown()
    }

    public var supportsBatch: Bool { true }

    public func fetch(_ id: String, completion: @escaping @Sendable (Result<Generation, APIError>) -> Void) {
        do throws(InvalidTaskID) {
            try TaskID.validate(id)
        } catch {
            completion(.failure(.invalidID(error)))
            return
        }
        execute(url: endpoint.url(forGeneration: id), method: .GET, body: nil,
                decode: { body throws(APIError) in try GenerationDecoder.decode(body) }, completion: completion)
    }

    public func fetchBatch(_ ids: [String], completion: @escaping @Sendable (Result<[Generation], APIError>) -> Void) {
        for id in ids {
            do throws(InvalidTaskID) { try TaskID.validate(id) } catch {
                completion(.failure(.invalidID(error)))
                return
            }
        }
        // Validated ids need no escaping inside a JSON string.
        let body = #"{"ids":["# + ids.map { "\"\($0)\"" }.joined(separator: ",") + "]}"
        execute(url: endpoint.batchURL, method: .POST, body: body,
                decode: { body throws(APIError) in try GenerationDecoder.decodeBatch(body) }, completion: completion)
    }

    private func execute<T: Sendable>(url: String, method: HTTPMethod, body: String?,
                                      decode: @escaping @Sendable (Data) throws(APIError) -> T,
                                      completion: @escaping @Sendable (Result<T, APIError>) -> Void) {
        http.send(url: url, method: method, headers: headers(withBody: body != nil), body: body, timeout: timeout,
                  key: apiKey, interpret: { Self.interpret($0, decode) }, completion: completion)
    }

    /// The key, as every request to the service carries it.
    func headers(withBody: Bool) -> HTTPHeaders { .service(key: apiKey, withBody: withBody) }

    static func interpret<T>(_ response: HTTPClient.Response, _ decode: (Data) throws(APIError) -> T) -> Result<T, APIError> {
        let status = Int(response.status.code)
        let body = response.bodyData
        switch status {
        case 200..<300:
            return Result { () throws(APIError) in try decode(body) }
        case 401, 403: return .failure(.unauthorized(status: status))
        case 404: return .failure(.notFound)
        case 429:
            let header = response.headers.first(name: "Retry-After")
            return .failure(.rateLimited(retryAfter: header.flatMap { RetryAfter.parse($0) }))
        case 500..<600: return .failure(.server(status: status))
        default: return .failure(.unexpectedStatus(status))
        }
    }

    static func classify(_ error: any Error, timeout: TimeInterval) -> APIError {
        if error is ResponseAccumulator.ResponseTooBigError { return .tooLarge(limit: maxBodyBytes) }
        if let e = error as? HTTPClientError {
            switch e {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .getConnectionFromPoolTimeout,
                 .tlsHandshakeTimeout, .httpProxyHandshakeTimeout:
                return .transport(.timeout(seconds: timeout))
            default:
                let text = String(describing: e)
                // Its description quotes the header, key and all.
                if text.contains("invalidHeaderField") { return .transport(.other("a request header could not be sent")) }
                return .transport(.other(text))
            }
        }
        let text = String(describing: error)
        if text.contains("connectTimeout") { return .transport(.timeout(seconds: timeout)) }
        if text.lowercased().contains("refused") { return .transport(.refused(text)) }
        if text.contains("NIOConnectionError"), text.contains("dnsAError") || text.contains("resolution") {
            return .transport(.dns(text))
        }
        if text.contains("SocketAddressError") || text.contains("unknown host") { return .transport(.dns(text)) }
        return .transport(.other(text))
    }
}
