import LumaKit

/// Which of a generation's URLs `o` and `y` act on, chosen with `u` in the detail pane.
public enum MediaChoice: CaseIterable, Hashable, Sendable {
    case video, download, rawVideo, thumbnail, lastFrame, progressVideo

    /// As the detail pane labels it.
    public var label: String {
        switch self {
        case .video: "video"
        case .download: "download"
        case .rawVideo: "raw video"
        case .thumbnail: "thumbnail"
        case .lastFrame: "last frame"
        case .progressVideo: "progress"
        }
    }

    public func url(in g: Generation) -> String? {
        switch self {
        case .video: g.videoMedia?.url
        case .download: g.videoMedia?.downloadURL
        case .rawVideo: g.rawMedia?.url
        case .thumbnail: g.thumbnailMedia?.url
        case .lastFrame: g.lastFrameMedia?.url
        case .progressVideo: g.progressVideoURL
        }
    }

    /// The choice in effect for `g`: this one when `g` has it, else the next one it has.
    public func effective(in g: Generation?) -> (choice: MediaChoice, url: String)? {
        guard let g else { return nil }
        let all = Self.allCases
        let start = all.firstIndex(of: self)!
        for step in 0..<all.count {
            let c = all[(start + step) % all.count]
            if let url = c.url(in: g), !url.isEmpty { return (c, url) }
        }
        return nil
    }

    /// The next (or previous) choice `g` has a URL for.
    public func moved(by delta: Int, in g: Generation?) -> MediaChoice {
        guard let g, let current = effective(in: g)?.choice else { return self }
        let all = Self.allCases
        var i = all.firstIndex(of: current)!
        for _ in 0..<all.count {
            i = (i + delta + all.count) % all.count
            if let url = all[i].url(in: g), !url.isEmpty { return all[i] }
        }
        return current
    }
}
