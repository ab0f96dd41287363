import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The official Luma API (Dream Machine): one generation, the account's list, its credits, a
/// delete. Same transport as the relay's client: AsyncHTTPClient, no redirects, a deadline per
/// request, answers held to `QuickRouterClient.maxBodyBytes`.
public final class LumaClient: GenerationsClient, Sendable {
    public static let defaultModel = "ray-2"
    /// The most the API gives in one page of the list.
    public static let pageSize = 100
    /// The most `list` gathers, however many are asked for.
    public static let longestList = 10_000

    public let endpoint: ServiceEndpoint
    let apiKey: String
    let timeout: TimeInterval
    let createTimeout: TimeInterval
    let proxy: ProxySettings?
    let eventLoopGroup: any EventLoopGroup
    private let http: HTTPClient

    public init(endpoint: ServiceEndpoint, apiKey: String, timeout: TimeInterval = QuickRouterClient.defaultTimeout,
                createTimeout: TimeInterval = QuickRouterClient.defaultCreateTimeout,
                proxy: ProxySettings? = nil, eventLoopGroup: any EventLoopGroup = HTTPClient.defaultEventLoopGroup) {
        self.endpoint = endpoint
        self.apiKey = apiKey
        Secrets.register(apiKey)
        self.timeout = timeout
        self.createTimeout = createTimeout
        self.proxy = proxy
        self.eventLoopGroup = eventLoopGroup
        http = HTTPClient(eventLoopGroup: eventLoopGroup,
                          configuration: QuickRouterClient.configuration(timeout: timeout, proxy: proxy))
    }

    deinit { _ = http.shutdown() }

    /// `GET /generations/{id}`.
    public func fetch(_ id: String, completion: @escaping @Sendable (Result<Generation, APIError>) -> Void) {
        do throws(InvalidTaskID) { try TaskID.validate(id) } catch {
            completion(.failure(.invalidID(error)))
            return
        }
        send(.GET, endpoint.root + "/generations/" + id, decode: Self.decodeGeneration, completion: completion)
    }

    /// The account's most recent generations, newest first, at most `limit`: pages of
    /// `GET /generations?limit=&offset=` until one says there are no more, comes back empty or
    /// brings nothing new. An error on any page is the answer.
    public func list(limit: Int, completion: @escaping @Sendable (Result<[Generation], APIError>) -> Void) {
        next(ListPaging(limit: limit), completion: completion)
    }

    private func next(_ paging: ListPaging, completion: @escaping @Sendable (Result<[Generation], APIError>) -> Void) {
        guard let ask = paging.nextRequest else { return completion(.success(paging.gathered)) }
        let url = endpoint.root + "/generations?limit=\(ask.limit)&offset=\(ask.offset)"
        send(.GET, url, decode: LumaPage.decode) { [self] result in
            switch result {
            case .failure(let error): completion(.failure(error))
            case .success(let page):
                var paging = paging
                paging.take(page)
                next(paging, completion: completion)
            }
        }
    }

    /// `GET /credits`: the balance in US cents, or `.noEndpoint` when the API answers 404.
    public func credits(completion: @escaping @Sendable (Result<Credits, APIError>) -> Void) {
        send(.GET, endpoint.root + "/credits", decode: Credits.decode) { result in
            if case .failure(.notFound) = result { return completion(.success(.noEndpoint)) }
            completion(result)
        }
    }

    /// `DELETE /generations/{id}`: 204 (or any 2xx) is done.
    public func delete(_ id: String, completion: @escaping @Sendable (Result<Void, APIError>) -> Void) {
        do throws(InvalidTaskID) { try TaskID.validate(id) } catch {
            completion(.failure(.invalidID(error)))
            return
        }
        send(.DELETE, endpoint.root + "/generations/" + id, decode: { _ throws(APIError) in () }, completion: completion)
    }

    private func send<T: Sendable>(_ method: HTTPMethod, _ url: String,
                                   decode: @escaping @Sendable (Data) throws(APIError) -> T,
                                   completion: @escaping @Sendable (Result<T, APIError>) -> Void) {
        http.send(url: url, method: method, headers: headers(withBody: false), body: nil, timeout: timeout, key: apiKey,
                  interpret: { Self.interpret($0, decode) }, completion: completion)
    }

    func headers(withBody: Bool) -> HTTPHeaders { .service(key: apiKey, withBody: withBody) }

    /// The relay's reading of a status, except that another 4xx says why in the API's own words
    /// (`{"detail": …}`), cleaned.
    static func interpret<T>(_ response: HTTPClient.Response, _ decode: (Data) throws(APIError) -> T) -> Result<T, APIError> {
        let status = Int(response.status.code)
        switch status {
        case 401, 403, 404, 429, 500..<600, 200..<300: return QuickRouterClient.interpret(response, decode)
        case 400..<500: return .failure(.refused(status: status, message: ServiceMessage.from(response.bodyData)))
        default: return .failure(.unexpectedStatus(status))
        }
    }

    /// A generation in the official shape; the relay's shape (no `assets`, no `generation_type`)
    /// is another API's answer.
    static func decodeGeneration(_ body: Data) throws(APIError) -> Generation {
        let g = try GenerationDecoder.decode(body)
        guard g.provider == .luma else { throw .notLumaAnswer(excerpt: GenerationDecoder.excerpt(of: body)) }
        return g
    }
}

/// What `GET /credits` said.
public enum Credits: Hashable, Sendable {
    /// `credit_balance`, in US cents.
    case balance(cents: Int)
    /// The API has no credits endpoint (404): nothing to show, nothing wrong.
    case noEndpoint

    /// `$12.34`, or nil when there is nothing to show.
    public var dollars: String? {
        guard case .balance(let cents) = self else { return nil }
        let sign = cents < 0 ? "-" : ""
        let whole = cents.magnitude / 100, part = cents.magnitude % 100
        return "\(sign)$\(whole).\(part < 10 ? "0" : "")\(part)"
    }

    /// A balance beyond this is a number gone wrong, held here.
    static let largestCents = 1_000_000_000_000

    static func decode(_ body: Data) throws(APIError) -> Credits {
        let value = JSONValue.parse(body)
        let number: Double
        switch value?["credit_balance"] {
        case .int(let i)?: number = Double(i)
        case .number(let d)?: number = d
        default: throw .decoding(reason: "missing \"credit_balance\"", excerpt: GenerationDecoder.excerpt(of: body))
        }
        let held = Bounded.clamp(number.rounded(), to: -Double(largestCents)...Double(largestCents), nan: 0)
        return .balance(cents: Bounded.int(held))
    }
}
