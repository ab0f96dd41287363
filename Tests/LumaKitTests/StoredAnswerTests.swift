import Foundation
import Testing
@testable import LumaKit

/// Answers as the tracked list keeps them (JSON in the server's shape, written by hand): read
/// back equal, whatever they hold.
@Suite struct StoredAnswerTests {
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
            TrackedRecord(id: example.id, trackedAt: t, stateChangedAt: t + 60, answer: example,
                          savedPath: "/home/u/Downloads/lumatop/4665a07c-cat-dance.mp4"),
            TrackedRecord(id: "full", trackedAt: Date(timeIntervalSince1970: 1_800_000_000.126), answer: full, savedPath: h),
            TrackedRecord(id: h, trackedAt: t, stateChangedAt: t, answer: failed),
            TrackedRecord(id: "pending", trackedAt: t, answer: pending),
            TrackedRecord(id: "processing", trackedAt: t, answer: processing),
            TrackedRecord(id: "strange", trackedAt: t, answer: strange),
            TrackedRecord(id: "bare", trackedAt: Date(timeIntervalSince1970: 1_000_000_000.999)),
        ]
    }

    @Test func aRichListComesBackEqual() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let written = records
        try TrackedList(directory: dir).insert(written)
        let loaded = try TrackedList(directory: dir).load().records
        // A NUL in an id or a path (which no checked id or real path holds) is kept as U+FFFD:
        // SQLite's C strings end at NUL.
        let expected = written.map { r in
            TrackedRecord(id: Merge.text(r.id), trackedAt: r.trackedAt, stateChangedAt: r.stateChangedAt,
                          answer: r.answer, savedPath: r.savedPath.map { Merge.text($0) })
        }
        #expect(expected[1].savedPath != Self.hostile && loaded.count == expected.count)
        for (a, b) in zip(loaded, expected) { #expect(a == b, "\(b.id)") }
    }

    @Test func theArtifactsCopiesAreNamedNotWrittenAgain() throws {
        let text = example.storedJSON
        #expect(text.contains(#""repeats":["video","video_raw","thumbnail","last_frame"]"#))
        #expect(text.components(separatedBy: "video0b6619468da8e409da860706bbf26bbad.mp4").count - 1 == 3,
                "video, its download_url, video_raw")
        #expect(try GenerationDecoder.decode(Data(text.utf8)) == example)
    }

    @Test func stringsAreEscaped() {
        var w = JSONWriter()
        w.string("a\"b\\c/\u{0}\u{1f}\u{8}\u{c}\n\r\t\u{7f}\u{2028}x\u{2029}é🐟")
        #expect(String(decoding: w.bytes, as: UTF8.self)
            == #""a\"b\\c/\u0000\u001f\u0008\u000c\n\r\t\u007f\u2028x\u2029é🐟""#)
    }

    @Test func durationsRoundTripExactlyAndNonFiniteOnesAreLeftOut() throws {
        let values: [Double] = [5.041667, 0.1, 1.0 / 3, 1e-7, 5e-324, 1e300, 123456789.125, -0.0, 5]
        let strange: [Double] = [.infinity, -.infinity, .nan]
        let written = (values + strange).enumerated().map { i, d in
            TrackedRecord(id: "d\(i)", trackedAt: t, answer: Generation(id: "d\(i)", state: .completed, videoRaw: Media(url: "u", duration: d)))
        }
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try TrackedList(directory: dir).insert(written)
        let loaded = try TrackedList(directory: dir).load().records
        let durations = loaded.map { $0.answer?.videoRaw?.duration }
        #expect(durations.prefix(values.count).map { $0?.bitPattern } == values.map(\.bitPattern))
        #expect(durations.suffix(strange.count).allSatisfy { $0 == nil })
        #expect(loaded.allSatisfy { $0.answer?.videoRaw?.url == "u" })
    }

    @Test func timesComeBackEqual() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var g = example
        g.createdAt = Date(timeIntervalSince1970: 1_734_874_720.139)
        let times = (0..<500).map { Date(timeIntervalSince1970: Double(1_700_000_000_000 + $0 * 1_001) / 1000) }
        try TrackedList(directory: dir).insert(times.map { TrackedRecord(id: "i\($0.timeIntervalSince1970)", trackedAt: $0, stateChangedAt: $0, answer: g) })
        let loaded = try TrackedList(directory: dir).load().records
        #expect(loaded.map(\.trackedAt) == times && loaded.map(\.stateChangedAt) == times)
        #expect(loaded.allSatisfy { $0.answer == g })
    }
}
