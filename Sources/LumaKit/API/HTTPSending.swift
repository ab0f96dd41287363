import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

// How every provider's client sends: reads on a shared client with their own deadline, creates
// once on a connection of their own. The answer is held to `QuickRouterClient.maxBodyBytes`.

extension HTTPClient {
    /// One request; the key is blanked out of any error's text.
    func send<T: Sendable>(url: String, method: HTTPMethod, headers: HTTPHeaders, body: String?,
                           timeout: TimeInterval, key: String,
                           interpret: @escaping @Sendable (HTTPClient.Response) -> Result<T, APIError>,
                           completion: @escaping @Sendable (Result<T, APIError>) -> Void) {
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(url: url, method: method, headers: headers, body: body.map { .string($0) })
        } catch {
            completion(.failure(.transport(.other("bad request URL: \(error)"))))
            return
        }
        let delegate = ResponseAccumulator(request: request, maxBodySize: QuickRouterClient.maxBodyBytes)
        let deadline = NIODeadline.now() + Bounded.timeAmount(timeout)
        execute(request: request, delegate: delegate, deadline: deadline).futureResult.whenComplete { result in
            switch result {
            case .success(let response): completion(interpret(response))
            case .failure(let error): completion(.failure(QuickRouterClient.classify(error, timeout: timeout).redacting(key)))
            }
        }
    }

    /// A valid order's create: sent once, on a connection nothing else used or will use, so no pooled connection
    /// gone stale can make it go twice; whatever happens after it left is reported, never retried.
    static func createOnce(_ planned: CreateRequest, order: GenerationOrder, headers: HTTPHeaders, timeout: TimeInterval,
                           proxy: ProxySettings?, group: any EventLoopGroup, key: String,
                           decode: @escaping @Sendable (Data) -> Generation?,
                           completion: @escaping @Sendable (Result<Created, CreateFailure>) -> Void) {
        // Callers validate first; an order that slipped through is refused here, unsent.
        do throws(OrderInvalid) { try order.validate() } catch {
            completion(.failure(.refused(status: 0, message: "not sent: \(error.description)")))
            return
        }
        var sent = headers
        sent.add(name: "Connection", value: "close")
        guard let request = try? HTTPClient.Request(url: planned.url, method: HTTPMethod(rawValue: planned.method),
                                                    headers: sent, body: .string(planned.body)) else {
            completion(.failure(.refused(status: 0, message: "not sent: bad request URL")))
            return
        }
        var config = QuickRouterClient.configuration(timeout: timeout, proxy: proxy)
        config.maximumUsesPerConnection = 1
        // A failed connect sent nothing, but failing at once says so sooner than a minute of tries.
        config.connectionPool.retryConnectionEstablishment = false
        let http = HTTPClient(eventLoopGroup: group, configuration: config)
        let delegate = ResponseAccumulator(request: request, maxBodySize: QuickRouterClient.maxBodyBytes)
        http.execute(request: request, delegate: delegate, deadline: .now() + Bounded.timeAmount(timeout))
            .futureResult.whenComplete { result in
                // The client lives until its one request is done.
                _ = http.shutdown()
                switch result {
                case .success(let response):
                    completion(CreateOutcome.interpret(status: Int(response.status.code),
                                                       retryAfter: response.headers.first(name: "Retry-After"),
                                                       body: response.bodyData, order: order, decode: decode))
                case .failure(let error):
                    completion(.failure(.unknownOutcome(
                        detail: QuickRouterClient.describeCreateFailure(error, timeout: timeout, key: key))))
                }
            }
    }
}

extension HTTPHeaders {
    /// The key, as every request to a service carries it.
    static func service(key: String, withBody: Bool) -> HTTPHeaders {
        var headers: HTTPHeaders = [
            "Authorization": "Bearer \(key)",
            "Accept": "application/json",
            "User-Agent": "lumatop/\(QuickRouterClient.version)",
        ]
        if withBody { headers.add(name: "Content-Type", value: "application/json") }
        return headers
    }
}

extension HTTPClient.Response {
    var bodyData: Data { body.map { Data($0.readableBytesView) } ?? Data() }
}
