import LumaKit

/// What the detail pane shows of a completed generation's picture; `p` cycles it, one choice for
/// the whole dashboard.
public enum PreviewChoice: CaseIterable, Hashable, Sendable {
    case thumbnail, lastFrame, palette

    public var label: String {
        switch self {
        case .thumbnail: "thumbnail"
        case .lastFrame: "last frame"
        case .palette: "palette"
        }
    }

    /// Which picture to fetch; nil for the palette, which is in the answer already.
    public var source: PreviewSource? {
        switch self {
        case .thumbnail: .thumbnail
        case .lastFrame: .lastFrame
        case .palette: nil
        }
    }

    public var next: PreviewChoice {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }

    /// The URL of the picture this choice shows for `g`, when its answer has one.
    public func url(in g: Generation?) -> String? {
        let media: Media? = switch self {
        case .thumbnail: g?.thumbnailMedia
        case .lastFrame: g?.lastFrameMedia
        case .palette: nil
        }
        guard let url = media?.url, !url.isEmpty else { return nil }
        return url
    }
}

/// The selected generation's preview as the runtime has it for this frame.
public enum PreviewContent: Hashable, Sendable {
    /// Being fetched or decoded: the palette shows meanwhile.
    case loading
    /// Cannot be had: a one-line reason (already sanitised), shown with the palette.
    case unavailable(String)
    /// Drawn as coloured characters, made once for the room it fills (`CellArt.render`).
    case cells(CellImage)
    /// Cells drawn by the terminal itself (kitty's placeholders, or left blank for a sixel or
    /// iTerm2 image the runtime places over them), `columns` × `rows` of them.
    case graphic(PreviewGraphic)
}

/// A picture the terminal draws, as the view lays it out.
public struct PreviewGraphic: Hashable, Sendable {
    public var columns: Int
    public var rows: Int
    /// The runtime's number for the picture (kitty's image id).
    public var id: UInt32
    /// Kitty's Unicode placeholders name the picture; else the cells stay blank under a sixel or
    /// iTerm2 image.
    public var placeholders: Bool

    public init(columns: Int, rows: Int, id: UInt32 = 0, placeholders: Bool = false) {
        self.columns = columns; self.rows = rows; self.id = id; self.placeholders = placeholders
    }
}
