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
        /// In the state file only: the media the artifact repeats from the top level, left out.
        case repeats
    }

    /// Set when encoding for the state file: the artifact's copies of the top-level media are
    /// named under `repeats` instead of written again (a third of an answer's bytes). Older
    /// lumatops ignore the key and see an artifact without them: it is only ever a fallback.
    public static let stateFileKey = CodingUserInfoKey(rawValue: "lumatop.stateFile")!

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
        if let names = try? c.nestedContainer(keyedBy: Keys.self, forKey: .artifact)
            .decodeIfPresent([String].self, forKey: .repeats) {
            var a = artifact
            for name in names { a?.fill(Keys(rawValue: name), from: self) }
            artifact = a
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
        if let artifact {
            if encoder.userInfo[Self.stateFileKey] != nil {
                try c.encode(CompactArtifact(artifact, of: self), forKey: .artifact)
            } else {
                try c.encode(artifact, forKey: .artifact)
            }
        }
        try c.encodeIfPresent(thumbnail, forKey: .thumbnail)
        try c.encodeIfPresent(videoRaw, forKey: .videoRaw)
        try c.encodeIfPresent(createdAt.map(WireDate.format), forKey: .createdAt)
        try c.encodeIfPresent(lastFrame, forKey: .lastFrame)
        try c.encodeIfPresent(failureReason, forKey: .failureReason)
    }
}

extension Generation.Artifact {
    /// Takes back a medium the state file named as repeated.
    mutating func fill(_ key: Generation.Keys?, from g: Generation) {
        switch key {
        case .video?: video = video ?? g.video
        case .videoRaw?: videoRaw = videoRaw ?? g.videoRaw
        case .thumbnail?: thumbnail = thumbnail ?? g.thumbnail
        case .lastFrame?: lastFrame = lastFrame ?? g.lastFrame
        default: break
        }
    }
}

/// The artifact as the state file keeps it: only what differs from the top level.
private struct CompactArtifact: Encodable {
    var rest: Generation.Artifact
    var repeats: [String] = []

    init(_ a: Generation.Artifact, of g: Generation) {
        rest = a
        if a.video != nil, a.video == g.video { rest.video = nil; repeats.append("video") }
        if a.videoRaw != nil, a.videoRaw == g.videoRaw { rest.videoRaw = nil; repeats.append("video_raw") }
        if a.thumbnail != nil, a.thumbnail == g.thumbnail { rest.thumbnail = nil; repeats.append("thumbnail") }
        if a.lastFrame != nil, a.lastFrame == g.lastFrame { rest.lastFrame = nil; repeats.append("last_frame") }
    }

    func encode(to encoder: any Encoder) throws {
        try rest.encode(to: encoder)
        if !repeats.isEmpty {
            var c = encoder.container(keyedBy: Generation.Keys.self)
            try c.encode(repeats, forKey: .repeats)
        }
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
