/// One media object of an answer (`video`, `video_raw`, `thumbnail`, `last_frame`). Every field is
/// optional: real answers leave some out or null, and which ones differ by kind.
public struct Media: Hashable, Sendable, Codable {
    public var url: String?
    public var width: Int?
    public var height: Int?
    public var downloadURL: String?
    /// Seconds, on `video_raw` (e.g. 5.041667).
    public var duration: Double?
    public var mediaType: String?
    public var palette: Palette?

    public init(url: String? = nil, width: Int? = nil, height: Int? = nil, downloadURL: String? = nil,
                duration: Double? = nil, mediaType: String? = nil, palette: Palette? = nil) {
        self.url = url; self.width = width; self.height = height; self.downloadURL = downloadURL
        self.duration = duration; self.mediaType = mediaType; self.palette = palette
    }

    enum CodingKeys: String, CodingKey {
        case url, width, height, duration, palette
        case downloadURL = "download_url"
        case mediaType = "media_type"
    }

    enum PaletteKeys: String, CodingKey { case grid }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decodeIfPresent(String.self, forKey: .url)
        width = try c.decodeIfPresent(Int.self, forKey: .width)
        height = try c.decodeIfPresent(Int.self, forKey: .height)
        downloadURL = try c.decodeIfPresent(String.self, forKey: .downloadURL)
        duration = try c.decodeIfPresent(Double.self, forKey: .duration)
        mediaType = try c.decodeIfPresent(String.self, forKey: .mediaType)
        if (try? c.decodeNil(forKey: .palette)) ?? true {
            palette = nil
        } else {
            let p = try c.nestedContainer(keyedBy: PaletteKeys.self, forKey: .palette)
            if let grid = try p.decodeIfPresent(String.self, forKey: .grid) {
                do {
                    palette = try Palette(base64: grid)
                } catch {
                    throw DecodingError.dataCorruptedError(
                        forKey: .grid, in: p, debugDescription: "palette grid is not base64 of 75 bytes")
                }
            } else {
                palette = nil
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(url, forKey: .url)
        try c.encodeIfPresent(width, forKey: .width)
        try c.encodeIfPresent(height, forKey: .height)
        try c.encodeIfPresent(downloadURL, forKey: .downloadURL)
        try c.encodeIfPresent(duration, forKey: .duration)
        try c.encodeIfPresent(mediaType, forKey: .mediaType)
        if let palette {
            var p = c.nestedContainer(keyedBy: PaletteKeys.self, forKey: .palette)
            try p.encode(palette.base64, forKey: .grid)
        }
    }
}
