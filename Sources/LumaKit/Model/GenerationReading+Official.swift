import Foundation

// What the official Luma API's answer adds to the relay's: `generation_type`, `model`, media as
// plain URLs under `assets`, and its own state words. Both shapes share one reader.

extension GenerationState {
    /// The official API's words, normalised: queued is pending, dreaming is processing.
    public init(officialWord word: String) {
        switch word {
        case "queued": self = .pending
        case "dreaming": self = .processing
        default: self.init(word: word)
        }
    }
}

/// `request`: absent or null means nothing asked is known; `prompt` wins over `user_prompt`.
struct RequestFields {
    var prompt: String?
    var aspectRatio: String?
    var model: String?
    var resolution: String?
    var duration: String?

    static func read(_ r: inout JSONReader) throws(JSONReadError) -> RequestFields {
        var out = RequestFields()
        if try r.null() { return out }
        try r.beginObject()
        var userPrompt: String?
        var first = true
        while let key = try r.nextKey(&first) {
            do throws(JSONReadError) {
                switch key {
                case .prompt: out.prompt = try r.optionalString()
                case .userPrompt: userPrompt = try r.optionalString()
                case .aspectRatio: out.aspectRatio = try r.optionalString()
                case .model: out.model = try r.tolerantText(depth: 2)
                case .resolution: out.resolution = try r.tolerantText(depth: 2)
                case .duration: out.duration = try r.tolerantText(depth: 2)
                default: try r.skipValue()
                }
            } catch {
                throw error.at(Generation.name(key))
            }
        }
        out.prompt = out.prompt ?? userPrompt
        return out
    }
}

/// The official API's own top-level keys, as met.
struct OfficialFields {
    var isOfficial = false
    var generationType: String?
    var model: String?
    var video: String?, image: String?, progressVideo: String?
    /// A palette lumatop computed from `assets.image` and stored with the answer.
    var palette: Palette?

    mutating func read(_ key: JSONKey, _ r: inout JSONReader) throws(JSONReadError) {
        switch key {
        case .assets: isOfficial = true; try readAssets(&r)
        case .generationType: isOfficial = true; generationType = try r.optionalString()
        case .model: model = try r.tolerantText(depth: 1)
        case .palette: palette = try r.tolerant(depth: 1) { (r: inout JSONReader) throws(JSONReadError) in try r.palette() }
        default: try r.skipValue()
        }
    }

    private mutating func readAssets(_ r: inout JSONReader) throws(JSONReadError) {
        if try r.null() { return }
        try r.beginObject()
        var first = true
        while let key = try r.nextKey(&first) {
            do throws(JSONReadError) {
                switch key {
                case .video: video = try Self.url(&r)
                case .image: image = try Self.url(&r)
                case .progressVideo: progressVideo = try Self.url(&r)
                default: try r.skipValue()
                }
            } catch {
                throw error.at(Generation.name(key))
            }
        }
    }

    /// A URL as a string; a media object in its place gives its `url`.
    private static func url(_ r: inout JSONReader) throws(JSONReadError) -> String? {
        if r.peek() == UInt8(ascii: "{") { return try Media(reading: &r)?.url }
        return try r.optionalString()
    }

    /// The official fields laid over what both shapes share; the video is `video`, the picture
    /// for preview and palette is `thumbnail`.
    func apply(to g: inout Generation, word: String) {
        g.provider = .luma
        if g.state.word != word { g.providerState = word }
        g.generationType = generationType
        g.model = model ?? g.model
        g.progressVideoURL = progressVideo
        if let video { g.video = Media(url: video) }
        if image != nil || palette != nil { g.thumbnail = Media(url: image, palette: palette) }
    }
}

extension JSONReader {
    /// Keys the relay's answers never documented but may carry with other meanings: a value of
    /// another kind is skipped, not an error. `depth`: the nesting of the object holding it.
    mutating func tolerant<T>(depth: Int, _ read: (inout JSONReader) throws(JSONReadError) -> T?) throws(JSONReadError) -> T? {
        let start = pos
        do throws(JSONReadError) {
            return try read(&self)
        } catch .notJSON {
            throw .notJSON
        } catch {
            pos = start
            resetDepth(to: depth)
            try skipValue()
            return nil
        }
    }

    mutating func tolerantText(depth: Int) throws(JSONReadError) -> String? {
        try tolerant(depth: depth) { (r: inout JSONReader) throws(JSONReadError) in try r.optionalText() }
    }

    /// A string, or a number kept as written (`"5s"` or `5`), or null.
    mutating func optionalText() throws(JSONReadError) -> String? {
        guard let c = peek() else { throw .notJSON }
        if c == UInt8(ascii: "-") || c &- UInt8(ascii: "0") < 10 {
            let n = try scanNumber()
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[n.start..<n.end]), as: UTF8.self)
        }
        return try optionalString()
    }
}
