import Foundation
import LumaKit

/// One request as a demo service sees it.
public struct DemoRequest: Sendable {
    public let method: String
    /// The path without its query, e.g. `/luma/generations/abc`.
    public let path: String
    public let headers: [(name: String, value: String)]
    public let body: Data
    /// What follows `?` in the URI, as sent ("" when none).
    public let query: String

    public init(method: String, path: String, headers: [(name: String, value: String)], body: Data = Data(),
                query: String = "") {
        self.method = method; self.path = path; self.headers = headers; self.body = body; self.query = query
    }

    /// The value of `name` in the query, undecoded; nil when absent.
    public func queryValue(_ name: String) -> String? {
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.first.map(String.init) == name { return parts.count > 1 ? String(parts[1]) : "" }
        }
        return nil
    }

    /// Case-insensitive, as HTTP wants.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    public var bearerToken: String? {
        guard let auth = header("Authorization"), auth.hasPrefix("Bearer ") else { return nil }
        return String(auth.dropFirst("Bearer ".count))
    }

    /// The id of `GET /luma/generations/{id}`, or nil for any other route.
    public var generationID: String? {
        let prefix = "/luma/generations/"
        guard method == "GET", path.hasPrefix(prefix) else { return nil }
        let id = String(path.dropFirst(prefix.count))
        return id.isEmpty || id.contains("/") ? nil : id
    }

    /// `POST /luma/generations` is a create, `POST /luma/generations/{id}/extend` an extend of
    /// that id; nil for any other route.
    public var createKind: GenerationOrder.Kind? {
        let prefix = "/luma/generations"
        guard method == "POST", path.hasPrefix(prefix) else { return nil }
        let rest = path.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        if rest.isEmpty || rest == [""] { return .create }
        guard rest.count == 3, rest[0].isEmpty, !rest[1].isEmpty, rest[2] == "extend" else { return nil }
        return .extend(parentID: String(rest[1]))
    }

    /// True for the batch query, `POST /luma/tasks`.
    public var isBatch: Bool { method == "POST" && path == "/luma/tasks" }

    /// The ids of a batch query's body `{"ids": [...]}`; nil when the body is not that.
    public var batchIDs: [String]? {
        struct Body: Decodable { let ids: [String] }
        return try? JSONDecoder().decode(Body.self, from: body).ids
    }
}

/// How an answer marks the end of its body. Every framing but `.length` and a chunked body
/// with its last chunk ends by closing the connection after the body.
public enum BodyFraming: Sendable, Hashable {
    /// `Content-Length` is the body's size.
    case length
    /// This `Content-Length`, whatever the body holds.
    case declaredLength(String)
    /// No length and not chunked (an HTTP/1.0 answer): only the closing connection ends it.
    case untilClose
    case chunked(lastChunk: Bool)

    var closesAfterBody: Bool { self != .length && self != .chunked(lastChunk: true) }
}

/// One answer, with optional delay or none at all (a hung server).
public struct DemoResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Data
    /// Seconds to wait before answering.
    public var delay: TimeInterval = 0
    /// Never answer; the connection stays open until the client gives up or the server stops.
    public var hang = false
    /// Close the connection once the request is read, answering nothing (a proxy or server that
    /// died mid-request).
    public var cut = false
    /// Send the body `bytes` at a time, `every` seconds apart (a slow media host).
    public var trickle: (bytes: Int, every: TimeInterval)?
    /// How the end of the body is marked (a broken or hostile media host may not).
    public var framing = BodyFraming.length
    /// Run by the server once this answer is written, or when its connection closes first (a hang,
    /// a client that gave up): lets a service count requests in progress whoever built the server.
    public var onFinished: (@Sendable () -> Void)?

    public init(status: Int, headers: [(name: String, value: String)] = [], body: Data = Data(),
                delay: TimeInterval = 0, hang: Bool = false) {
        self.status = status; self.headers = headers; self.body = body; self.delay = delay; self.hang = hang
    }

    public static func json(_ status: Int, _ body: Data, headers: [(name: String, value: String)] = []) -> DemoResponse {
        DemoResponse(status: status, headers: [("Content-Type", "application/json")] + headers, body: body)
    }

    public static func generation(_ g: Generation) -> DemoResponse {
        json(200, g.answerJSON)
    }

    /// The batch query's answer: a bare array of generation objects, given already encoded.
    public static func batch(_ objects: [Data]) -> DemoResponse {
        var body = Data("[".utf8)
        for (i, object) in objects.enumerated() {
            if i > 0 { body.append(contentsOf: ",".utf8) }
            body.append(object)
        }
        body.append(contentsOf: "]".utf8)
        return json(200, body)
    }

    public static func error(_ status: Int, message: String, headers: [(name: String, value: String)] = []) -> DemoResponse {
        let body = JSONValue.object([("error", .object([("message", .string(message))]))]).text
        return json(status, Data(body.utf8), headers: headers)
    }

    public static func text(_ status: Int, _ text: String, contentType: String = "text/html") -> DemoResponse {
        DemoResponse(status: status, headers: [("Content-Type", contentType)], body: Data(text.utf8))
    }

    public func delayed(_ seconds: TimeInterval) -> DemoResponse {
        var r = self
        r.delay = seconds
        return r
    }

    public static let hung = DemoResponse(status: 200, hang: true)

    public static let cutOff: DemoResponse = {
        var r = DemoResponse(status: 200)
        r.cut = true
        return r
    }()
}
