import Foundation

/// One answer of `GET /luma/generations/{id}` (or of the official API's `GET /generations/{id}`),
/// decoded tolerantly: media are null before completion, undocumented fields are ignored, a zero
/// `created_at` counts as absent.
public struct Generation: Hashable, Sendable {
    public var id: String
    /// Normalised for polling, counts and sorting; `stateWord` is what the provider said.
    public var state: GenerationState
    /// Which API's shape the answer came in: each is written back in its own shape.
    public var provider: Provider = .quickrouter
    /// The provider's own word when it is not `state.word` (the official `queued`, `dreaming`).
    public var providerState: String?
    /// `video` or `image` (official API only); an image has no duration.
    public var generationType: String?
    public var model: String?
    public var resolution: String?
    /// The duration asked for, as the request said it (`5s`).
    public var requestedDuration: String?
    /// `assets.progress_video`: the clip while it is being made (official API only).
    public var progressVideoURL: String?
    public var prompt: String?
    public var aspectRatio: String?
    public var video: Media?
    public var videoRaw: Media?
    public var thumbnail: Media?
    public var lastFrame: Media?
    /// The answer repeats its media under `artifact`; kept as a fallback for each.
    public var artifact: Artifact?
    public var createdAt: Date?
    public var failureReason: String?

    public struct Artifact: Hashable, Sendable {
        public var video: Media?
        public var videoRaw: Media?
        public var thumbnail: Media?
        public var lastFrame: Media?
        public var createdAt: Date?

        public init(video: Media? = nil, videoRaw: Media? = nil, thumbnail: Media? = nil,
                    lastFrame: Media? = nil, createdAt: Date? = nil) {
            self.video = video; self.videoRaw = videoRaw; self.thumbnail = thumbnail
            self.lastFrame = lastFrame; self.createdAt = createdAt
        }
    }

    public init(id: String, state: GenerationState, prompt: String? = nil, aspectRatio: String? = nil,
                video: Media? = nil, videoRaw: Media? = nil, thumbnail: Media? = nil, lastFrame: Media? = nil,
                artifact: Artifact? = nil, createdAt: Date? = nil, failureReason: String? = nil) {
        self.id = id; self.state = state; self.prompt = prompt; self.aspectRatio = aspectRatio
        self.video = video; self.videoRaw = videoRaw; self.thumbnail = thumbnail; self.lastFrame = lastFrame
        self.artifact = artifact; self.createdAt = createdAt; self.failureReason = failureReason
    }

    // MARK: what the screens and scripts want, with the artifact copy as fallback

    public var videoMedia: Media? { video ?? artifact?.video }
    public var rawMedia: Media? { videoRaw ?? artifact?.videoRaw }
    public var thumbnailMedia: Media? { thumbnail ?? artifact?.thumbnail }
    public var lastFrameMedia: Media? { lastFrame ?? artifact?.lastFrame }

    // What the server said, when it could be true: an absurd size is unknown, not a lie on screen.
    public var width: Int? { Bounded.dimension(videoMedia?.width) ?? Bounded.dimension(rawMedia?.width) }
    public var height: Int? { Bounded.dimension(videoMedia?.height) ?? Bounded.dimension(rawMedia?.height) }
    public var durationSeconds: Double? {
        if isImage { return nil }
        return Bounded.videoDuration(rawMedia?.duration) ?? Bounded.videoDuration(videoMedia?.duration)
            ?? Bounded.videoDuration(Self.seconds(requestedDuration))
    }

    /// The state as the provider said it: the `state` of `--json` output.
    public var stateWord: String { providerState ?? state.word }

    public var isImage: Bool { generationType == "image" }

    /// `5s`, `5 s` or `5` as seconds; nil for anything else.
    static func seconds(_ text: String?) -> Double? {
        guard var t = text?.trimmingCharacters(in: .whitespaces), !t.isEmpty else { return nil }
        if t.hasSuffix("s") { t = String(t.dropLast()).trimmingCharacters(in: .whitespaces) }
        return Double(t)
    }
    public var palette: Palette? { thumbnailMedia?.palette ?? lastFrameMedia?.palette }
    public var created: Date? { createdAt ?? artifact?.createdAt }

    /// The URL a download should fetch: the clean `video_raw` first (`video` may be watermarked).
    public var downloadURL: String? {
        rawMedia?.url ?? videoMedia?.downloadURL ?? videoMedia?.url
    }
}
