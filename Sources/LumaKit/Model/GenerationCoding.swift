import Foundation

// The wire shape of an answer, for Codable (the demo and tests). lumatop's own reading and writing
// are by hand: GenerationReading.swift, GenerationWriting.swift.
extension Generation {
    enum Keys: String, CodingKey {
        case id, state, video, request, artifact, thumbnail
        case videoRaw = "video_raw"
        case lastFrame = "last_frame"
        case createdAt = "created_at"
        case failureReason = "failure_reason"
        /// As lumatop keeps an answer: the media the artifact repeats from the top level, named.
        case repeats
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
        try c.encodeIfPresent(artifact, forKey: .artifact)
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
