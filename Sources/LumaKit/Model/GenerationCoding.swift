import Foundation

// The wire shape of an answer. Encoding writes the same shape back, so the state file keeps the
// last answer in the form the server sent and one decoder reads both.
extension Generation {
    enum Keys: String, CodingKey {
        case id, state, video, request, artifact, thumbnail
        case videoRaw = "video_raw"
        case lastFrame = "last_frame"
        case createdAt = "created_at"
        case failureReason = "failure_reason"
    }

    enum RequestKeys: String, CodingKey {
        case prompt
        case userPrompt = "user_prompt"
        case aspectRatio = "aspect_ratio"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        id = try c.decode(String.self, forKey: .id)
        state = GenerationState(word: try c.decode(String.self, forKey: .state))
        video = try c.decodeIfPresent(Media.self, forKey: .video)
        videoRaw = try c.decodeIfPresent(Media.self, forKey: .videoRaw)
        thumbnail = try c.decodeIfPresent(Media.self, forKey: .thumbnail)
        lastFrame = try c.decodeIfPresent(Media.self, forKey: .lastFrame)
        artifact = try c.decodeIfPresent(Artifact.self, forKey: .artifact)
        createdAt = WireDate.parse(try c.decodeIfPresent(String.self, forKey: .createdAt))
        failureReason = try c.decodeIfPresent(String.self, forKey: .failureReason)
        if (try? c.decodeNil(forKey: .request)) ?? true {
            prompt = nil
            aspectRatio = nil
        } else {
            let r = try c.nestedContainer(keyedBy: RequestKeys.self, forKey: .request)
            prompt = try r.decodeIfPresent(String.self, forKey: .prompt)
                ?? r.decodeIfPresent(String.self, forKey: .userPrompt)
            aspectRatio = try r.decodeIfPresent(String.self, forKey: .aspectRatio)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(id, forKey: .id)
        try c.encode(state.word, forKey: .state)
        try c.encodeIfPresent(video, forKey: .video)
        if prompt != nil || aspectRatio != nil {
            var r = c.nestedContainer(keyedBy: RequestKeys.self, forKey: .request)
            try r.encodeIfPresent(prompt, forKey: .prompt)
            try r.encodeIfPresent(aspectRatio, forKey: .aspectRatio)
        }
        try c.encodeIfPresent(artifact, forKey: .artifact)
        try c.encodeIfPresent(thumbnail, forKey: .thumbnail)
        try c.encodeIfPresent(videoRaw, forKey: .videoRaw)
        try c.encodeIfPresent(createdAt.map(WireDate.format), forKey: .createdAt)
        try c.encodeIfPresent(lastFrame, forKey: .lastFrame)
        try c.encodeIfPresent(failureReason, forKey: .failureReason)
    }
}

extension Generation.Artifact: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Generation.Keys.self)
        video = try c.decodeIfPresent(Media.self, forKey: .video)
        videoRaw = try c.decodeIfPresent(Media.self, forKey: .videoRaw)
        thumbnail = try c.decodeIfPresent(Media.self, forKey: .thumbnail)
        lastFrame = try c.decodeIfPresent(Media.self, forKey: .lastFrame)
        createdAt = WireDate.parse(try c.decodeIfPresent(String.self, forKey: .createdAt))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Generation.Keys.self)
        try c.encodeIfPresent(video, forKey: .video)
        try c.encodeIfPresent(thumbnail, forKey: .thumbnail)
        try c.encodeIfPresent(videoRaw, forKey: .videoRaw)
        try c.encodeIfPresent(createdAt.map(WireDate.format), forKey: .createdAt)
        try c.encodeIfPresent(lastFrame, forKey: .lastFrame)
    }
}

/// ISO 8601 times as the service writes them, with or without fractional seconds. The zero time
/// `0001-01-01T00:00:00Z` and anything unreadable count as absent: a date is never worth failing
/// an answer over.
public enum WireDate {
    public static func parse(_ text: String?) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        let date = (try? Date(text, strategy: withFraction)) ?? (try? Date(text, strategy: plain))
        guard let date, date > earliest else { return nil }
        return date
    }

    public static func format(_ date: Date) -> String { date.formatted(withFraction) }

    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let plain = Date.ISO8601FormatStyle()
    // Anything before 1971 is a placeholder, not a creation time.
    private static let earliest = Date(timeIntervalSince1970: 365 * 86_400)
}
