import Foundation
import Testing
@testable import LumaKit

@Suite struct DecodingTests {
    func decode(_ text: String) throws(APIError) -> Generation {
        try GenerationDecoder.decode(Data(text.utf8))
    }

    /// The example with one substitution applied to its text.
    func variant(_ from: String, _ to: String) -> String {
        let changed = Fixtures.example.replacingOccurrences(of: from, with: to)
        precondition(changed != Fixtures.example, "variant did not apply: \(from)")
        return changed
    }

    @Test func documentedExampleDecodesExactly() throws {
        let g = try decode(Fixtures.example)
        #expect(g.id == "4665a07c-7641-4809-a133-10786201bb56")
        #expect(g.state == .completed)
        #expect(g.width == 1360 && g.height == 752)
        #expect(g.durationSeconds == 5.041667)
        #expect(g.prompt == "cat dance")
        #expect(g.aspectRatio == "16:9")
        let video = "https://storage.cdn-luma.com/dream-machine/b0d67582-c6f0-4973-a89c-3fea9d46d5e9/35049450-c008-4607-b1d0-0b025599f15d/video0b6619468da8e409da860706bbf26bbad.mp4"
        #expect(g.video?.url == video)
        #expect(g.video?.downloadURL == video)
        #expect(g.videoRaw?.url == video)
        #expect(g.videoRaw?.mediaType == "video")
        #expect(g.thumbnail?.url == "https://imagedelivery.net/1KomXrSWiTojGGip43n0SQ/e4268de5-4a74-45ff-67b8-dc46df12de00/public")
        #expect(g.lastFrame?.url == "https://storage.cdn-luma.com/dream-machine/b0d67582-c6f0-4973-a89c-3fea9d46d5e9/606108d9-9daf-4265-84fb-595f18240ac5/video_0_last_frame.jpg")
        #expect(g.lastFrame?.palette == nil)
        #expect(g.downloadURL == video)
        #expect(g.failureReason == nil)
        // The top-level created_at is real; the artifact's zero time counts as absent.
        #expect(g.createdAt == WireDate.parse("2024-12-22T13:38:40.139Z"))
        #expect(g.createdAt != nil)
        #expect(g.artifact?.createdAt == nil)
        #expect(g.artifact?.thumbnail?.palette == g.thumbnail?.palette)
    }

    @Test func paletteIsRowMajorRGB() throws {
        let palette = try #require(try decode(Fixtures.example).palette)
        #expect(palette.colors.count == 25)
        #expect(palette[0, 0].hex == "#7a6f5c")
        #expect((0..<5).map { palette[0, $0].hex } == ["#7a6f5c", "#b0aa97", "#61482a", "#747566", "#9aa799"])
        #expect(try Palette(base64: palette.base64) == palette)
    }

    @Test func pendingAnswerWithNullMedia() throws {
        let body = #"{"id":"abc","state":"pending","video":null,"artifact":null,"thumbnail":null,"video_raw":null,"last_frame":null,"request":{"prompt":"一段海边日落的视频","aspect_ratio":"9:16"},"created_at":"2024-12-22T13:38:40Z"}"#
        let g = try decode(body)
        #expect(g.state == .pending)
        #expect(g.video == nil && g.palette == nil && g.width == nil && g.durationSeconds == nil)
        #expect(g.prompt == "一段海边日落的视频")
        #expect(g.createdAt != nil)
    }

    @Test func nullPaletteAndZeroCreatedAt() throws {
        let g = try decode(variant(#""palette": {"grid": "em9csKqXYUgqdHVmmqeZLB8YaFpLjVw2bmFTTElBHhMNTzgodD8eVzUeTDorRSkYYEQymV80e1M0ck0ugWVRwKCApWk0hF1BgmVP"}"#, #""palette": null"#)
            .replacingOccurrences(of: "2024-12-22T13:38:40.139Z", with: "0001-01-01T00:00:00Z"))
        #expect(g.palette == nil)
        #expect(g.createdAt == nil)
        #expect(g.created == nil)
    }

    @Test func failureReasonAndUndocumentedFields() throws {
        let g = try decode(variant(#""state": "completed""#, #""state": "failed", "failure_reason": "content moderation", "credits": 3, "extra": {"a": [1, 2]}"#))
        #expect(g.state == .failed)
        #expect(g.failureReason == "content moderation")
        let withNull = try decode(variant(#""state": "completed""#, #""state": "processing", "failure_reason": null"#))
        #expect(withNull.failureReason == nil)
        #expect(withNull.state == .processing)
    }

    @Test func undocumentedStateWordIsKeptVerbatim() throws {
        let g = try decode(#"{"id":"x1","state":"dreaming"}"#)
        #expect(g.state == .unknown("dreaming"))
        #expect(g.state.word == "dreaming")
        #expect(!g.state.isFinished)
        #expect(GenerationState(word: "queued") == .unknown("queued"))
    }

    @Test(arguments: [
        ("<html><body>502 Bad Gateway</body></html>", "not JSON"),
        (#"{"id": "abc", "state": "compl"#, "not JSON"),
        (#"{"state": "completed"}"#, "missing \"id\""),
        (#"{"id": 42, "state": "completed"}"#, "id: expected String"),
        (#"{"id": "a", "state": "completed", "video": {"width": "1360"}}"#, "video.width"),
        (#"{"id": "a", "state": "completed", "thumbnail": {"palette": {"grid": "AAAA"}}}"#, "palette"),
        (#"{"id": "a", "state": "completed", "thumbnail": {"palette": {"grid": "***"}}}"#, "palette"),
        ("", "not JSON"),
        ("[1,2,3]", "expected"),
    ])
    func garbageGivesTypedErrorWithExcerpt(body: String, reason: String) {
        do {
            _ = try decode(body)
            Issue.record("decoded garbage: \(body)")
        } catch {
            guard case .decoding(let why, let excerpt) = error else { Issue.record("wrong error \(error)"); return }
            #expect(why.contains(reason), "reason was \(why)")
            #expect(excerpt == GenerationDecoder.excerpt(of: Data(body.utf8)))
            #expect(excerpt.count <= 81)
        }
    }

    @Test func excerptIsShortAndHarmless() {
        let body = Data(("\u{1B}[31mred\n" + String(repeating: "x", count: 500)).utf8)
        let excerpt = GenerationDecoder.excerpt(of: body)
        #expect(!excerpt.contains("\u{1B}"))
        #expect(!excerpt.contains("\n"))
        #expect(excerpt.hasSuffix("…"))
        #expect(excerpt.count == 81)
    }

    @Test func writingRoundTripsThroughTheSameDecoder() throws {
        let g = try decode(Fixtures.example)
        let again = try GenerationDecoder.decode(g.answerJSON)
        #expect(again == g)
    }
}
