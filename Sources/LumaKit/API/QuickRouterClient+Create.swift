import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Creates and extends on the relay: `POST {base}/luma/generations` and
/// `POST {base}/luma/generations/{id}/extend`. Each is sent once, on a connection of its own that
/// nothing else used or will use, so no pooled connection gone stale can make it go twice; and
/// whatever happens after it left (a timeout, a cut, a 5xx, a malformed answer) is reported, never
/// retried.
extension QuickRouterClient: GenerationsCreator {
    public func request(for order: GenerationOrder) -> CreateRequest {
        Self.createRequest(for: order, endpoint: endpoint)
    }

    /// The request an order becomes, without a client (`--dry-run` needs no key). Keys in a fixed
    /// order; a `--field` replaces a key of the same name where it stands, or comes last.
    public static func createRequest(for order: GenerationOrder, endpoint: ServiceEndpoint) -> CreateRequest {
        let url: String
        var pairs: [(String, JSONValue)]
        switch order.kind {
        case .create:
            url = endpoint.generationsURL
            pairs = [("prompt", .string(order.prompt)), ("aspect_ratio", .string(order.aspectRatio))]
        case .extend(let parent):
            // The continuation keeps its parent's frame: no aspect ratio (a --field can add one).
            url = endpoint.url(forGeneration: parent) + "/extend"
            pairs = [("user_prompt", .string(order.prompt))]
        }
        let optional: [(String, JSONValue?)] = [
            ("model_name", order.model.map(JSONValue.string)), ("resolution", order.resolution.map(JSONValue.string)),
            ("duration", order.duration.map(JSONValue.string)), ("loop", order.loop ? .bool(true) : nil),
            ("expand_prompt", order.expandPrompt ? .bool(true) : nil), ("image_url", order.image.map(JSONValue.string)),
            ("image_end_url", order.endImage.map(JSONValue.string)),
        ]
        for case let (key, value?) in optional { pairs.append((key, value)) }
        for field in order.fields {
            if let i = pairs.firstIndex(where: { $0.0 == field.key }) { pairs[i].1 = field.value } else {
                pairs.append((field.key, field.value))
            }
        }
        return CreateRequest(method: "POST", url: url, body: JSONValue.object(pairs).text)
    }

    public func create(_ order: GenerationOrder, completion: @escaping @Sendable (Result<Created, CreateFailure>) -> Void) {
        // Callers validate first; an order that slipped through is refused here, unsent.
        do throws(OrderInvalid) { try order.validate() } catch {
            completion(.failure(.refused(status: 0, message: "not sent: \(error.description)")))
            return
        }
        let planned = request(for: order)
        var sent = headers(withBody: true)
        sent.add(name: "Connection", value: "close")
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(url: planned.url, method: .POST, headers: sent, body: .string(planned.body))
        } catch {
            completion(.failure(.refused(status: 0, message: "not sent: bad request URL")))
            return
        }
        var config = Self.configuration(timeout: createTimeout, proxy: proxy)
        config.maximumUsesPerConnection = 1
        // A failed connect sent nothing, but failing at once says so sooner than a minute of tries.
        config.connectionPool.retryConnectionEstablishment = false
        let http = HTTPClient(eventLoopGroup: eventLoopGroup, configuration: config)
        let delegate = ResponseAccumulator(request: request, maxBodySize: Self.maxBodyBytes)
        let (timeout, key) = (createTimeout, apiKey)
        http.execute(request: request, delegate: delegate, deadline: .now() + Bounded.timeAmount(timeout))
            .futureResult.whenComplete { result in
                // The client lives until its one request is done.
                _ = http.shutdown()
                switch result {
                case .success(let response):
                    let body = response.body.map { Data($0.readableBytesView) } ?? Data()
                    completion(Self.interpretCreate(status: Int(response.status.code),
                                                    retryAfter: response.headers.first(name: "Retry-After"), body: body,
                                                    order: order))
                case .failure(let error):
                    completion(.failure(.unknownOutcome(detail: Self.describeCreateFailure(error, timeout: timeout, key: key))))
                }
            }
    }

    /// 200 or 201 with an id: made. A 429: nothing made. Another 4xx: refused, in the service's
    /// own words. Anything else: nobody knows.
    static func interpretCreate(status: Int, retryAfter: String?, body: Data, order: GenerationOrder) -> Result<Created, CreateFailure> {
        switch status {
        case 200, 201:
            if var generation = try? GenerationDecoder.decode(body) {
                // A relay's answer to a create has the prompt at the top, where a fetched one has
                // none: what was asked is what the list should show until the first fetch.
                if generation.prompt == nil { generation.prompt = order.prompt }
                if generation.aspectRatio == nil, order.kind == .create { generation.aspectRatio = order.aspectRatio }
                return .success(Created(id: generation.id, generation: generation))
            }
            let value = JSONValue.parse(body)
            guard let id = value?["id"]?.stringValue ?? value?["data"]?["id"]?.stringValue ?? value?["task_id"]?.stringValue else {
                return .failure(.unknownOutcome(detail: "the answer has no id"))
            }
            guard (try? TaskID.validate(id)) != nil else {
                return .failure(.unknownOutcome(detail: "the answer's id \(TaskID.quoted(id)) is not a task id"))
            }
            return .success(Created(id: id, generation: nil))
        case 429:
            return .failure(.rateLimited(retryAfter: retryAfter.flatMap { RetryAfter.parse($0) }))
        case 400..<500:
            return .failure(.refused(status: status, message: ServiceMessage.from(body)))
        default:
            return .failure(.unknownOutcome(detail: "HTTP \(status)"))
        }
    }

    /// What happened to a request that got no answer, in a few words, the key never among them.
    static func describeCreateFailure(_ error: any Error, timeout: TimeInterval, key: String) -> String {
        let known = classify(error, timeout: timeout).redacting(key)
        if case .transport(.refused) = known { return "connection refused" }
        if (error as? HTTPClientError) == .remoteConnectionClosed { return "the connection closed before an answer" }
        if "\(error)".lowercased().contains("reset") { return "connection reset" }
        switch known {
        case .transport(.timeout):
            let seconds = timeout.rounded() == timeout ? "\(Bounded.int(timeout))" : String(format: "%.1f", timeout)
            return "timed out after \(seconds) s"
        case .tooLarge(let limit): return "an answer larger than \(limit / 1024) KiB"
        case let other: return other.message
        }
    }
}

extension ServiceEndpoint {
    /// `{base}/luma/generations`, where creates go.
    var generationsURL: String {
        let one = url(forGeneration: "")
        return String(one.dropLast())
    }
}
