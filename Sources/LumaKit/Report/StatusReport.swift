import Foundation

/// One generation as `status --json` and `watch --json` print it: exactly these keys, in this
/// order, null where unknown.
public struct StatusReport: Hashable, Sendable {
    public static let keys = ["id", "state", "prompt", "aspect_ratio", "width", "height", "duration_seconds",
                              "video_url", "download_url", "thumbnail_url", "last_frame_url", "palette",
                              "created_at", "failure_reason", "error"]

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
        let g = generation
        let values: [JSONValue] = [
            .string(id),
            .optional(g?.state.word),
            .optional(g?.prompt),
            .optional(g?.aspectRatio),
            g?.width.map { .int($0) } ?? .null,
            g?.height.map { .int($0) } ?? .null,
            g?.durationSeconds.map { .number($0) } ?? .null,
            .optional(g?.videoMedia?.url),
            .optional(g?.videoMedia?.downloadURL),
            .optional(g?.thumbnailMedia?.url),
            .optional(g?.lastFrameMedia?.url),
            g?.palette.map { .array($0.colors.map { .string($0.hex) }) } ?? .null,
            .optional(g?.created.map(WireDate.format)),
            .optional(g?.failureReason),
            .optional(error),
        ]
        return JSONValue.object(Array(zip(Self.keys, values))).text
    }
}

/// Just enough JSON writing to keep keys in a fixed order (JSONEncoder sorts or scrambles them).
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
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .number(let d): return d.isFinite ? "\(d)" : "null"
        case .string(let s): return Self.quote(s)
        case .array(let items): return "[" + items.map(\.text).joined(separator: ",") + "]"
        case .object(let pairs): return "{" + pairs.map { Self.quote($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        }
    }

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.text == b.text }
    public func hash(into h: inout Hasher) { h.combine(text) }

    static func quote(_ s: String) -> String { UntrustedText.json(s) }
}
