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
        OrderField.apply(order.fields, to: &pairs)
        return CreateRequest(method: "POST", url: url, body: JSONValue.object(pairs).text)
    }

    public func create(_ order: GenerationOrder, completion: @escaping @Sendable (Result<Created, CreateFailure>) -> Void) {
        HTTPClient.createOnce(request(for: order), order: order, headers: headers(withBody: true), timeout: createTimeout,
                              proxy: proxy, group: eventLoopGroup, key: apiKey,
                              decode: { try? GenerationDecoder.decode($0) }, completion: completion)
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
