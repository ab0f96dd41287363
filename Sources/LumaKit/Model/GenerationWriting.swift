import Foundation

// An answer written as JSON in the server's shape, by hand (no `Encodable` machinery): what the
// tracked list keeps of each answer, read back by the same decoder as the server's answers.

extension Generation {
    /// The answer as the tracked list keeps it: compact JSON, keys sorted, absent values left out.
    public var storedJSON: String {
        var w = JSONWriter()
        write(to: &w, trimmed: true)
        return w.text
    }

    /// The answer as the service sends it, the artifact whole: what the demo answers.
    public var answerJSON: Data {
        var w = JSONWriter()
        write(to: &w, trimmed: false)
        return Data(w.bytes)
    }

    /// The answer in the server's shape; `trimmed`, the artifact with only what differs from the
    /// top level.
    func write(to w: inout JSONWriter, trimmed: Bool) {
        if provider == .luma { return writeOfficial(to: &w) }
        w.beginObject()
        if let artifact { w.key("artifact"); artifact.write(to: &w, of: trimmed ? self : nil) }
        if let createdAt { w.key("created_at"); w.time(createdAt) }
        if let failureReason { w.key("failure_reason"); w.string(failureReason) }
        w.key("id"); w.string(id)
        if let lastFrame { w.key("last_frame"); lastFrame.write(to: &w) }
        writeRequest(to: &w)
        w.key("state"); w.string(stateWord)
        if let thumbnail { w.key("thumbnail"); thumbnail.write(to: &w) }
        if let video { w.key("video"); video.write(to: &w) }
        if let videoRaw { w.key("video_raw"); videoRaw.write(to: &w) }
        w.endObject()
    }

    /// The official API's shape: media as URLs under `assets` (always written, null when there
    /// are none, so the shape reads back as the official one), and a computed palette beside.
    private func writeOfficial(to w: inout JSONWriter) {
        w.beginObject()
        w.key("assets")
        if video?.url == nil, thumbnail?.url == nil, progressVideoURL == nil {
            w.null()
        } else {
            w.beginObject()
            if let v = thumbnail?.url { w.key("image"); w.string(v) }
            if let v = progressVideoURL { w.key("progress_video"); w.string(v) }
            if let v = video?.url { w.key("video"); w.string(v) }
            w.endObject()
        }
        if let createdAt { w.key("created_at"); w.time(createdAt) }
        if let failureReason { w.key("failure_reason"); w.string(failureReason) }
        if let generationType { w.key("generation_type"); w.string(generationType) }
        w.key("id"); w.string(id)
        if let model { w.key("model"); w.string(model) }
        if let palette = thumbnail?.palette {
            w.key("palette")
            palette.write(to: &w)
        }
        writeRequest(to: &w, model: false)
        w.key("state"); w.string(stateWord)
        w.endObject()
    }

    /// What was asked; `model` there only in the relay's shape (the official one has it on top).
    private func writeRequest(to w: inout JSONWriter, model withModel: Bool = true) {
        let model = withModel ? self.model : nil
        guard prompt != nil || aspectRatio != nil || model != nil || resolution != nil || requestedDuration != nil
        else { return }
        w.key("request")
        w.beginObject()
        if let aspectRatio { w.key("aspect_ratio"); w.string(aspectRatio) }
        if let requestedDuration { w.key("duration"); w.string(requestedDuration) }
        if let model { w.key("model"); w.string(model) }
        if let prompt { w.key("prompt"); w.string(prompt) }
        if let resolution { w.key("resolution"); w.string(resolution) }
        w.endObject()
    }
}

extension Generation.Artifact {
    /// With `g`, only what differs from its top level; the media it repeats are named under
    /// `repeats` (older lumatops ignore the key: the artifact is only a fallback).
    func write(to w: inout JSONWriter, of g: Generation?) {
        func own(_ m: Media?, _ top: Media?) -> Media? { m != nil && g != nil && m == top ? nil : m }
        var repeats: [StaticString] = []
        if let g {
            if video != nil, video == g.video { repeats.append("video") }
            if videoRaw != nil, videoRaw == g.videoRaw { repeats.append("video_raw") }
            if thumbnail != nil, thumbnail == g.thumbnail { repeats.append("thumbnail") }
            if lastFrame != nil, lastFrame == g.lastFrame { repeats.append("last_frame") }
        }
        w.beginObject()
        if let createdAt { w.key("created_at"); w.time(createdAt) }
        if let m = own(lastFrame, g?.lastFrame) { w.key("last_frame"); m.write(to: &w) }
        if !repeats.isEmpty {
            w.key("repeats")
            w.beginArray()
            for name in repeats { w.separate(); w.string(name.description) }
            w.endArray()
        }
        if let m = own(thumbnail, g?.thumbnail) { w.key("thumbnail"); m.write(to: &w) }
        if let m = own(video, g?.video) { w.key("video"); m.write(to: &w) }
        if let m = own(videoRaw, g?.videoRaw) { w.key("video_raw"); m.write(to: &w) }
        w.endObject()
    }
}

extension Media {
    func write(to w: inout JSONWriter) {
        let f = fields
        w.beginObject()
        if let v = f.downloadURL { w.key("download_url"); w.string(v) }
        // JSON has no infinity or NaN (JSONEncoder refused the whole file): such a duration is
        // left out, read back as absent.
        if let v = f.duration, v.isFinite { w.key("duration"); w.double(v) }
        if let v = f.height { w.key("height"); w.int(v) }
        if let v = f.mediaType { w.key("media_type"); w.string(v) }
        if let v = f.palette { w.key("palette"); v.write(to: &w) }
        if let v = f.url { w.key("url"); w.string(v) }
        if let v = f.width { w.key("width"); w.int(v) }
        w.endObject()
    }
}

extension Palette {
    /// `{"grid": base64}`, as the answers carry it.
    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("grid"); w.string(base64)
        w.endObject()
    }
}

extension JSONWriter {
    /// A time as the state file keeps it (`WireDate`, to the millisecond).
    mutating func time(_ date: Date) { string(WireDate.format(date)) }
}
