import Foundation
import Testing
@testable import LumaKit

/// `tracked.json` as written by hand: read back equal, and the same JSON as `JSONEncoder.state`
/// wrote, so older lumatops read it too.
@Suite struct StateWriterTests {
    static let hostile = "q\"uote b\\ack /slash \u{0}\u{1}\u{8}\u{c}\u{1f} \n\r\t \u{7f}\u{85} é 一 🐟👩‍👩‍👧 \u{2028}\u{2029} \\u0041 end\\"

    let example = try! GenerationDecoder.decode(Data(Fixtures.example.utf8))
    let t = Date(timeIntervalSince1970: 1_800_000_000.125)

    /// Every field, nils, each state, artifacts that repeat, differ and are empty, hostile text.
    var records: [TrackedRecord] {
        let h = Self.hostile
        let odd = Media(url: "https://x/\(h)", width: 0, height: -1, downloadURL: h, duration: 1e-7,
                        mediaType: h, palette: example.palette)
        var full = example
        full.id = "full"
        full.prompt = h
        full.aspectRatio = h
        full.failureReason = h
        full.artifact?.video = odd
        full.artifact?.createdAt = t
        var failed = Generation(id: h, state: .failed, prompt: "p", failureReason: "moderation: \"no\"")
        failed.artifact = Generation.Artifact()
        let pending = Generation(id: "pending", state: .pending)
        let processing = Generation(id: "processing", state: .processing, aspectRatio: "9:16", createdAt: t)
        let strange = Generation(id: "strange", state: .unknown("queued\u{1}"), video: Media(duration: 5.041667),
                                 videoRaw: Media(width: 7, duration: 1e300), thumbnail: Media(), lastFrame: odd)
        return [
            TrackedRecord(id: example.id, trackedAt: t, stateChangedAt: t + 60, lastPolledAt: t + 61.5,
                          answer: example, savedPath: "/home/u/Downloads/lumatop/4665a07c-cat-dance.mp4"),
            TrackedRecord(id: "full", trackedAt: Date(timeIntervalSince1970: 1_800_000_000.126), answer: full, savedPath: h),
            TrackedRecord(id: h, trackedAt: t, stateChangedAt: t, answer: failed),
            TrackedRecord(id: "pending", trackedAt: t, answer: pending),
            TrackedRecord(id: "processing", trackedAt: t, lastPolledAt: t, answer: processing),
            TrackedRecord(id: "strange", trackedAt: t, answer: strange),
            TrackedRecord(id: "bare", trackedAt: Date(timeIntervalSince1970: 1_000_000_000.999)),
        ]
    }

    @Test func aRichListComesBackEqual() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = TrackedFile(directory: dir)
        let written = records
        try file.update { $0 = written }
        let loaded = try file.load()
        #expect(loaded.notice == nil)
        #expect(loaded.records == written)
        // The Codable reader, as older lumatops read, gets the same records.
        let doc = try JSONDecoder.state.decode(TrackedDocument.self, from: Data(contentsOf: file.url))
        #expect(doc.version == 1)
        #expect(doc.generations == written)
    }

    @Test func theSameJSONAsJSONEncoderWrote() throws {
        let written = records
        let mine = try JSONSerialization.jsonObject(with: Data(TrackedDocument.bytes(written)))
        let theirs = try JSONSerialization.jsonObject(with: JSONEncoder.state.encode(TrackedDocument(generations: written)))
        #expect((mine as? NSDictionary)?.isEqual(theirs) == true)
        let text = String(decoding: TrackedDocument.bytes(written), as: UTF8.self)
        #expect(text.contains(#""repeats":["video","video_raw","thumbnail","last_frame"]"#))
        #expect(text.hasSuffix(#"],"version":1}"#))
    }

    @Test func stringsAreEscaped() {
        var w = JSONWriter()
        w.string("a\"b\\c/\u{0}\u{1f}\u{8}\u{c}\n\r\t\u{7f}\u{2028}x\u{2029}é🐟")
        #expect(String(decoding: w.bytes, as: UTF8.self)
            == #""a\"b\\c/\u0000\u001f\u0008\u000c\n\r\t\u007f\u2028x\u2029é🐟""#)
        w = JSONWriter()
        w.string("")
        #expect(w.bytes == Array(#""""#.utf8))
    }

    @Test func durationsRoundTripExactlyAndNonFiniteOnesAreLeftOut() throws {
        let values: [Double] = [5.041667, 0.1, 1.0 / 3, 1e-7, 5e-324, 1e300, 123456789.125, -0.0, 5]
        let strange: [Double] = [.infinity, -.infinity, .nan]
        let written = (values + strange).enumerated().map { i, d in
            TrackedRecord(id: "d\(i)", trackedAt: t, answer: Generation(id: "d\(i)", state: .completed, videoRaw: Media(url: "u", duration: d)))
        }
        // JSONEncoder refused the whole file over one of these.
        #expect(throws: EncodingError.self) { try JSONEncoder.state.encode(TrackedDocument(generations: written)) }
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = TrackedFile(directory: dir)
        try file.update { $0 = written }
        let loaded = try file.load().records
        let durations = loaded.map { $0.answer?.videoRaw?.duration }
        #expect(durations.prefix(values.count).map { $0?.bitPattern } == values.map(\.bitPattern))
        #expect(durations.suffix(strange.count).allSatisfy { $0 == nil })
        #expect(loaded.allSatisfy { $0.answer?.videoRaw?.url == "u" })
    }

    @Test(arguments: [1, 100, 4096])
    func piecesMakeTheSameDocument(chunk: Int) {
        let written = records
        var pieces: [[UInt8]] = []
        #expect(TrackedDocument.write(written, chunk: chunk) { pieces.append(Array($0)); return true })
        #expect(Array(pieces.joined()) == TrackedDocument.bytes(written))
        #expect(pieces.count > 1)
        // A refused piece stops the writing.
        var calls = 0
        #expect(!TrackedDocument.write(written, chunk: chunk) { _ in calls += 1; return false })
        #expect(calls == 1)
    }
}
