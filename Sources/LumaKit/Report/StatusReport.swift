import Foundation

/// One generation as `status --json` and `watch --json` print it: exactly these keys, in this
/// order, null where unknown.
public struct StatusReport: Hashable, Sendable {
    public static let keys = fields.map(\.key.description)

    public let id: String
    public let generation: Generation?
    public let error: String?

    public init(id: String, generation: Generation?, error: String?) {
        self.id = id; self.generation = generation; self.error = error
    }

    public init(_ g: TrackedGeneration) {
        self.init(id: g.id, generation: g.generation, error: g.lastError?.message)
    }

    /// One line of JSON.
    public var json: String {
        var w = JSONWriter()
        w.beginObject()
        for (key, write) in Self.fields {
            w.key(key)
            write(self, &w)
        }
        w.endObject()
        return w.text
    }

    /// Each key with how its value is written, in the documented order.
    private static let fields: [(key: StaticString, write: @Sendable (StatusReport, inout JSONWriter) -> Void)] = [
        ("id", { r, w in w.string(r.id) }),
        ("state", { r, w in w.string(r.generation?.stateWord) }),
        ("prompt", { r, w in w.string(r.generation?.prompt) }),
        ("aspect_ratio", { r, w in w.string(r.generation?.aspectRatio) }),
        ("width", { r, w in r.generation?.width.map { w.int($0) } ?? w.null() }),
        ("height", { r, w in r.generation?.height.map { w.int($0) } ?? w.null() }),
        ("duration_seconds", { r, w in r.generation?.durationSeconds.map { w.number($0) } ?? w.null() }),
        ("video_url", { r, w in w.string(r.generation?.videoMedia?.url) }),
        ("download_url", { r, w in w.string(r.generation?.videoMedia?.downloadURL) }),
        ("thumbnail_url", { r, w in w.string(r.generation?.thumbnailMedia?.url) }),
        ("last_frame_url", { r, w in w.string(r.generation?.lastFrameMedia?.url) }),
        ("palette", { r, w in
            guard let colors = r.generation?.palette?.colors else { return w.null() }
            w.beginArray()
            for c in colors { w.separate(); w.string(c.hex) }
            w.endArray()
        }),
        ("created_at", { r, w in w.string(r.generation?.created.map(WireDate.format)) }),
        ("failure_reason", { r, w in w.string(r.generation?.failureReason) }),
        ("error", { r, w in w.string(r.error) }),
    ]
}

/// A small JSON value for the one-line answers written outside the engine (`log --json`,
/// `list --json`, the demo's errors): written by `JSONWriter`, keys in the order given.
public indirect enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }

    public var text: String {
        var w = JSONWriter()
        write(to: &w)
        return w.text
    }

    func write(to w: inout JSONWriter) {
        switch self {
        case .null: w.null()
        case .bool(let b): w.bool(b)
        case .int(let i): w.int(i)
        case .number(let d): w.number(d)
        case .string(let s): w.string(s)
        case .array(let items):
            w.beginArray()
            for item in items { w.separate(); item.write(to: &w) }
            w.endArray()
        case .object(let pairs):
            w.beginObject()
            for (key, value) in pairs { w.key(key); value.write(to: &w) }
            w.endObject()
        }
    }

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.text == b.text }
    public func hash(into h: inout Hasher) { h.combine(text) }
}
