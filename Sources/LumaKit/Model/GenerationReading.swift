import Foundation

// Reading an answer straight from its bytes with `JSONReader`: the same tolerance as the Codable
// path in GenerationCoding.swift (unknown keys skipped, null media, absent or zero dates, the
// artifact's copies), a third of the time, and equal URLs share one string.

extension Generation {
    init(reading r: inout JSONReader) throws(JSONReadError) {
        try r.beginObject()
        var id: String?, word: String?, request = RequestFields()
        var video: Media?, videoRaw: Media?, thumbnail: Media?, lastFrame: Media?
        var artifact: Artifact?, repeats: [JSONKey] = [], createdAt: Date?, failureReason: String?
        // The official API's shape: `assets` or `generation_type` says which one an answer has.
        var official = OfficialFields()
        var first = true
        while let key = try r.nextKey(&first) {
            do throws(JSONReadError) {
                switch key {
                case .id: id = try r.required { (r: inout JSONReader) throws(JSONReadError) in try r.string() }
                case .state: word = try r.required { (r: inout JSONReader) throws(JSONReadError) in try r.string() }
                case .video: video = try Media(reading: &r)
                case .videoRaw: videoRaw = try Media(reading: &r)
                case .thumbnail: thumbnail = try Media(reading: &r)
                case .lastFrame: lastFrame = try Media(reading: &r)
                case .artifact: (artifact, repeats) = try Artifact.read(&r)
                case .createdAt: createdAt = WireDate.parse(try r.optionalString())
                case .failureReason: failureReason = try r.optionalString()
                case .request: request = try RequestFields.read(&r)
                case .assets, .generationType, .model, .palette: try official.read(key, &r)
                default: try r.skipValue()
                }
            } catch {
                throw error.at(Self.name(key))
            }
        }
        guard let id else { throw .missing("id", path: []) }
        guard let word else { throw .missing("state", path: []) }
        let state = official.isOfficial ? GenerationState(officialWord: word) : GenerationState(word: word)
        self.init(id: id, state: state, prompt: request.prompt, aspectRatio: request.aspectRatio,
                  video: video, videoRaw: videoRaw, thumbnail: thumbnail, lastFrame: lastFrame,
                  artifact: artifact, createdAt: createdAt, failureReason: failureReason)
        model = request.model
        resolution = request.resolution
        requestedDuration = request.duration
        if official.isOfficial { official.apply(to: &self, word: word) }
        // The artifact's copies, equal to the top-level media, become the same boxes.
        if var a = artifact {
            if let v = a.video, v == video { a.video = video }
            if let v = a.videoRaw, v == videoRaw { a.videoRaw = videoRaw }
            if let v = a.thumbnail, v == thumbnail { a.thumbnail = thumbnail }
            if let v = a.lastFrame, v == lastFrame { a.lastFrame = lastFrame }
            self.artifact = a
        }
        // A state file leaves out the artifact's copies of the top-level media and names them.
        if var a = artifact, !repeats.isEmpty {
            for key in repeats {
                switch key {
                case .video: a.video = a.video ?? video
                case .videoRaw: a.videoRaw = a.videoRaw ?? videoRaw
                case .thumbnail: a.thumbnail = a.thumbnail ?? thumbnail
                case .lastFrame: a.lastFrame = a.lastFrame ?? lastFrame
                default: break
                }
            }
            self.artifact = a
        }
    }

    /// The wire name of a key, for error paths.
    static func name(_ key: JSONKey) -> String {
        switch key {
        case .id: "id"
        case .state: "state"
        case .video: "video"
        case .videoRaw: "video_raw"
        case .thumbnail: "thumbnail"
        case .lastFrame: "last_frame"
        case .artifact: "artifact"
        case .request: "request"
        case .createdAt: "created_at"
        case .failureReason: "failure_reason"
        case .prompt: "prompt"
        case .userPrompt: "user_prompt"
        case .aspectRatio: "aspect_ratio"
        case .url: "url"
        case .width: "width"
        case .height: "height"
        case .downloadURL: "download_url"
        case .duration: "duration"
        case .mediaType: "media_type"
        case .palette: "palette"
        case .grid: "grid"
        case .version: "version"
        case .generations: "generations"
        case .trackedAt: "tracked_at"
        case .stateChangedAt: "state_changed_at"
        case .lastPolledAt: "last_polled_at"
        case .answer: "answer"
        case .savedPath: "saved_path"
        case .repeats: "repeats"
        case .assets: "assets"
        case .image: "image"
        case .progressVideo: "progress_video"
        case .generationType: "generation_type"
        case .model: "model"
        case .resolution: "resolution"
        case .hasMore: "has_more"
        case .other: "?"
        }
    }
}

extension Generation.Artifact {
    /// The artifact, or nil for null, and which top-level media it repeats (state files only).
    static func read(_ r: inout JSONReader) throws(JSONReadError) -> (Self?, [JSONKey]) {
        if try r.null() { return (nil, []) }
        try r.beginObject()
        var a = Self()
        var repeats: [JSONKey] = []
        var first = true
        while let key = try r.nextKey(&first) {
            do throws(JSONReadError) {
                switch key {
                case .video: a.video = try Media(reading: &r)
                case .videoRaw: a.videoRaw = try Media(reading: &r)
                case .thumbnail: a.thumbnail = try Media(reading: &r)
                case .lastFrame: a.lastFrame = try Media(reading: &r)
                case .createdAt: a.createdAt = WireDate.parse(try r.optionalString())
                case .repeats:
                    repeats = []
                    if try r.null() { break }
                    try r.beginArray()
                    var firstName = true
                    while try r.nextElement(&firstName) {
                        var name = try r.string()
                        repeats.append(name.withUTF8 { JSONReader.key($0) })
                    }
                default: try r.skipValue()
                }
            } catch {
                throw error.at(Generation.name(key))
            }
        }
        return (a, repeats)
    }
}

extension Media {
    /// A media object, or nil for null.
    init?(reading r: inout JSONReader) throws(JSONReadError) {
        if try r.null() { return nil }
        try r.beginObject()
        var m = Fields()
        var first = true
        while let key = try r.nextKey(&first) {
            do throws(JSONReadError) {
                switch key {
                case .url: m.url = try r.optionalString()
                case .width: m.width = try r.optionalInt()
                case .height: m.height = try r.optionalInt()
                case .downloadURL: m.downloadURL = try r.optionalString()
                case .duration: m.duration = try r.optionalDouble()
                case .mediaType: m.mediaType = try r.optionalString()
                case .palette: m.palette = try r.palette()
                default: try r.skipValue()
                }
            } catch {
                throw error.at(Generation.name(key))
            }
        }
        self.init(fields: m)
    }
}

extension JSONReader {
    /// A value that must be there and not null.
    mutating func required<T>(_ read: (inout JSONReader) throws(JSONReadError) -> T) throws(JSONReadError) -> T {
        if try null() { throw .expected("String, found null", path: []) }
        return try read(&self)
    }

    /// `{"grid": base64}`, null, or no grid: nil. The same grid read twice in one answer (the
    /// artifact's copy) gives the same colours, stored once.
    mutating func palette() throws(JSONReadError) -> Palette? {
        if try null() { return nil }
        try beginObject()
        var grid: String?
        var first = true
        while let key = try nextKey(&first) {
            if key == .grid {
                do throws(JSONReadError) { grid = try optionalString() } catch { throw error.at("grid") }
            } else {
                try skipValue()
            }
        }
        guard let grid else { return nil }
        if let last = lastPalette, last.grid == grid { return last.palette }
        guard let palette = try? Palette(base64: grid) else {
            throw .invalid("palette grid is not base64 of 75 bytes", path: ["grid"])
        }
        lastPalette = (grid, palette)
        return palette
    }
}
