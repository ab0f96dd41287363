import AsyncHTTPClient
import Foundation

/// Creates and extends on the official API: `POST /generations/video`, the images as keyframes;
/// an extend is a create whose first keyframe is the completed generation. Sent once, never
/// retried, as on the relay.
extension LumaClient: GenerationsCreator {
    public func request(for order: GenerationOrder) -> CreateRequest {
        Self.createRequest(for: order, endpoint: endpoint)
    }

    /// The request an order becomes, without a client (`--dry-run` needs no key). Keys in a fixed
    /// order; a `--field` replaces a key of the same name where it stands, or comes last.
    public static func createRequest(for order: GenerationOrder, endpoint: ServiceEndpoint) -> CreateRequest {
        var pairs: [(String, JSONValue)] = [("prompt", .string(order.prompt)),
                                            ("model", .string(order.model ?? defaultModel))]
        var frame0: JSONValue?
        switch order.kind {
        case .create:
            pairs.append(("aspect_ratio", .string(order.aspectRatio)))
            frame0 = order.image.map(image)
        case .extend(let parent):
            // The continuation keeps its parent's frame: no aspect ratio (a --field can add one).
            frame0 = .object([("type", .string("generation")), ("id", .string(parent))])
        }
        if let resolution = order.resolution { pairs.append(("resolution", .string(resolution))) }
        if let duration = order.duration { pairs.append(("duration", .string(seconds(duration)))) }
        if order.loop { pairs.append(("loop", .bool(true))) }
        let frames = [("frame0", frame0), ("frame1", order.endImage.map(image))].compactMap { key, frame in
            frame.map { (key, $0) }
        }
        if !frames.isEmpty { pairs.append(("keyframes", .object(frames))) }
        OrderField.apply(order.fields, to: &pairs)
        return CreateRequest(method: "POST", url: endpoint.root + "/generations/video", body: JSONValue.object(pairs).text)
    }

    private static func image(_ url: String) -> JSONValue { .object([("type", .string("image")), ("url", .string(url))]) }

    /// The API takes `5s`: a bare number of seconds gets its unit.
    static func seconds(_ duration: String) -> String {
        let text = duration.trimmingCharacters(in: .whitespaces)
        return !text.isEmpty && text.allSatisfy(\.isASCII) && text.allSatisfy(\.isNumber) ? text + "s" : text
    }

    public func create(_ order: GenerationOrder, completion: @escaping @Sendable (Result<Created, CreateFailure>) -> Void) {
        HTTPClient.createOnce(request(for: order), order: order, headers: headers(withBody: true), timeout: createTimeout,
                              proxy: proxy, group: eventLoopGroup, key: apiKey,
                              decode: { try? Self.decodeGeneration($0) }, completion: completion)
    }
}
