import Foundation

// Writing `tracked.json` by hand, the counterpart of TrackedFileReading.swift. The document is the
// one `JSONEncoder.state` wrote (same keys, same shapes, keys sorted, absent values left out,
// slashes unescaped), so every lumatop reads it; it is written a record at a time and handed out
// in chunks, so the whole file is never in memory (10,000 answers are about 16 MB).

extension TrackedDocument {
    /// `{"generations":[…],"version":1}`, given to `sink` in pieces of about `chunk` bytes.
    /// Stops at the first piece `sink` refuses and returns false.
    static func write(_ records: [TrackedRecord], chunk: Int = 256 * 1024,
                      to sink: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        var w = JSONWriter()
        w.bytes.reserveCapacity(chunk + 16 * 1024)
        w.beginObject()
        w.key("generations")
        w.beginArray()
        for record in records {
            w.separate()
            record.write(to: &w)
            if w.bytes.count >= chunk {
                guard w.bytes.withUnsafeBufferPointer(sink) else { return false }
                w.bytes.removeAll(keepingCapacity: true)
            }
        }
        w.endArray()
        w.key("version")
        w.int(currentVersion)
        w.endObject()
        return w.bytes.withUnsafeBufferPointer(sink)
    }

    /// The whole document at once (tests, small lists).
    static func bytes(_ records: [TrackedRecord]) -> [UInt8] {
        var out: [UInt8] = []
        _ = write(records) { out.append(contentsOf: $0); return true }
        return out
    }
}

extension TrackedFile {
    /// The document `update` writes for `records`. Public for the fuzz target, which reads it back.
    public static func document(_ records: [TrackedRecord]) -> [UInt8] { TrackedDocument.bytes(records) }
}

extension TrackedRecord {
    func write(to w: inout JSONWriter) {
        w.beginObject()
        if let answer { w.key("answer"); answer.write(to: &w) }
        w.key("id"); w.string(id)
        if let lastPolledAt { w.key("last_polled_at"); w.time(lastPolledAt) }
        if let savedPath { w.key("saved_path"); w.string(savedPath) }
        if let stateChangedAt { w.key("state_changed_at"); w.time(stateChangedAt) }
        w.key("tracked_at"); w.time(trackedAt)
        w.endObject()
    }
}

extension Generation {
    /// The answer in the server's shape; the artifact as `CompactArtifact` encodes it.
    func write(to w: inout JSONWriter) {
        w.beginObject()
        if let artifact { w.key("artifact"); artifact.write(to: &w, of: self) }
        if let createdAt { w.key("created_at"); w.time(createdAt) }
        if let failureReason { w.key("failure_reason"); w.string(failureReason) }
        w.key("id"); w.string(id)
        if let lastFrame { w.key("last_frame"); lastFrame.write(to: &w) }
        if prompt != nil || aspectRatio != nil {
            w.key("request")
            w.beginObject()
            if let aspectRatio { w.key("aspect_ratio"); w.string(aspectRatio) }
            if let prompt { w.key("prompt"); w.string(prompt) }
            w.endObject()
        }
        w.key("state"); w.string(state.word)
        if let thumbnail { w.key("thumbnail"); thumbnail.write(to: &w) }
        if let video { w.key("video"); video.write(to: &w) }
        if let videoRaw { w.key("video_raw"); videoRaw.write(to: &w) }
        w.endObject()
    }
}

extension Generation.Artifact {
    /// Only what differs from the top level; the media it repeats are named under `repeats`
    /// (older lumatops ignore the key: the artifact is only a fallback).
    func write(to w: inout JSONWriter, of g: Generation) {
        func own(_ m: Media?, _ top: Media?) -> Media? { m != nil && m == top ? nil : m }
        var repeats: [StaticString] = []
        if video != nil, video == g.video { repeats.append("video") }
        if videoRaw != nil, videoRaw == g.videoRaw { repeats.append("video_raw") }
        if thumbnail != nil, thumbnail == g.thumbnail { repeats.append("thumbnail") }
        if lastFrame != nil, lastFrame == g.lastFrame { repeats.append("last_frame") }
        w.beginObject()
        if let createdAt { w.key("created_at"); w.time(createdAt) }
        if let m = own(lastFrame, g.lastFrame) { w.key("last_frame"); m.write(to: &w) }
        if !repeats.isEmpty {
            w.key("repeats")
            w.beginArray()
            for name in repeats { w.separate(); w.string(name.description) }
            w.endArray()
        }
        if let m = own(thumbnail, g.thumbnail) { w.key("thumbnail"); m.write(to: &w) }
        if let m = own(video, g.video) { w.key("video"); m.write(to: &w) }
        if let m = own(videoRaw, g.videoRaw) { w.key("video_raw"); m.write(to: &w) }
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
        if let v = f.palette {
            w.key("palette")
            w.beginObject()
            w.key("grid"); w.string(v.base64)
            w.endObject()
        }
        if let v = f.url { w.key("url"); w.string(v) }
        if let v = f.width { w.key("width"); w.int(v) }
        w.endObject()
    }
}

extension JSONWriter {
    /// A time as the state file keeps it (`WireDate`, to the millisecond).
    mutating func time(_ date: Date) { string(WireDate.format(date)) }
}
