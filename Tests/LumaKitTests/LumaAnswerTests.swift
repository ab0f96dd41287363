import Foundation
import Testing
@testable import LumaKit

/// The official API's answer read into a Generation, and written back (the state store) unchanged.
@Suite struct LumaAnswerTests {
    func decode(_ text: String) throws -> Generation { try GenerationDecoder.decode(Data(text.utf8)) }

    @Test func aCompletedAnswerMapsEveryField() throws {
        let g = try decode(official("g1"))
        #expect(g.provider == .luma && g.state == .completed && g.stateWord == "completed")
        #expect(g.generationType == "video" && !g.isImage)
        #expect(g.model == "ray-2" && g.resolution == "720p" && g.requestedDuration == "5s")
        #expect(g.durationSeconds == 5)
        #expect(g.prompt == "a fox in snow" && g.aspectRatio == "16:9")
        #expect(g.videoMedia?.url == "https://storage.cdn-luma.com/g1/video.mp4")
        #expect(g.downloadURL == "https://storage.cdn-luma.com/g1/video.mp4")
        // The picture is what previews and the palette use; the official API sends no palette.
        #expect(g.thumbnailMedia?.url == "https://storage.cdn-luma.com/g1/image.jpg")
        #expect(g.palette == nil && g.wantsComputedPalette)
        #expect(g.progressVideoURL == "https://storage.cdn-luma.com/g1/progress.mp4")
        #expect(g.created == WireDate.parse("2025-03-01T10:00:00.000Z"))
        #expect(g.failureReason == nil)
    }

    @Test func officialWordsAreNormalisedAndKept() throws {
        let cases: [(String, GenerationState)] = [
            ("queued", .pending), ("dreaming", .processing), ("completed", .completed), ("failed", .failed),
            ("paused", .unknown("paused")),
        ]
        for (word, state) in cases {
            let g = try decode(official("g", state: word))
            #expect(g.state == state && g.stateWord == word, "\(word)")
            #expect(StatusReport(id: "g", generation: g, error: nil).json.contains(#""state":"\#(word)""#))
        }
        // The relay's shape keeps its own rule: an undocumented word is unknown, verbatim.
        let relay = try decode(#"{"id": "r", "state": "queued"}"#)
        #expect(relay.provider == .quickrouter && relay.state == .unknown("queued") && relay.stateWord == "queued")
    }

    @Test func aFailureKeepsItsReason() throws {
        let g = try decode(official("f", state: "failed").replacingOccurrences(
            of: #""failure_reason": null"#, with: #""failure_reason": "Frame moderation failed""#))
        #expect(g.state == .failed && g.failureReason == "Frame moderation failed")
        #expect(g.videoMedia == nil && g.thumbnailMedia == nil)
    }

    @Test func anImageGenerationHasNoDuration() throws {
        let g = try decode(official("i", type: "image"))
        #expect(g.isImage && g.durationSeconds == nil)
        #expect(g.thumbnailMedia?.url == "https://storage.cdn-luma.com/i/image.jpg")
    }

    @Test func assetsAloneOrTypeAloneMakeTheOfficialShape() throws {
        #expect(try decode(#"{"id": "a", "state": "dreaming", "assets": null}"#).state == .processing)
        #expect(try decode(#"{"id": "b", "state": "queued", "generation_type": "video"}"#).state == .pending)
        // Media objects where URLs belong still give their URL; a number where the duration is asked
        // is kept as written.
        let g = try decode(#"{"id": "c", "state": "completed", "assets": {"video": {"url": "https://v.example/c.mp4"}}, "request": {"duration": 9}}"#)
        #expect(g.videoMedia?.url == "https://v.example/c.mp4" && g.requestedDuration == "9" && g.durationSeconds == 9)
    }

    @Test func theStoredAnswerReadsBackEqualInEveryState() throws {
        for word in ["queued", "dreaming", "completed", "failed", "paused"] {
            var g = try decode(official("s", state: word))
            if word == "failed" { g.failureReason = "Job failed" }
            for stored in [g.storedJSON, String(decoding: g.answerJSON, as: UTF8.self)] {
                let back = try decode(stored)
                #expect(back == g, "\(word): \(stored)")
                #expect(back.stateWord == word)
            }
        }
        // A palette computed later is kept with the answer.
        var g = try decode(official("p"))
        let picture = try #require(Picture(width: 5, height: 5, rgb: [UInt8](repeating: 200, count: 75)))
        g.thumbnail?.palette = Palette(averaging: picture)
        let back = try decode(g.storedJSON)
        #expect(back.palette == g.palette && back.palette != nil && !back.wantsComputedPalette)
        #expect(back.thumbnailMedia?.url == "https://storage.cdn-luma.com/p/image.jpg")
    }

    @Test func relayAnswersKeepTheirShapeAndOldRowsStillRead() throws {
        let old = #"{"id":"old","request":{"aspect_ratio":"16:9","prompt":"cat dance"},"state":"completed","video_raw":{"duration":5.041667,"url":"https://x.example/r.mp4"}}"#
        let g = try decode(old)
        #expect(g.provider == .quickrouter && g.model == nil && g.resolution == nil && g.requestedDuration == nil)
        #expect(g.storedJSON == old, "a relay's answer is written as before")
        var asked = g
        asked.model = "ray-v2"; asked.resolution = "1080p"; asked.requestedDuration = "9"
        #expect(try decode(asked.storedJSON) == asked)
        #expect(try decode(asked.storedJSON).durationSeconds == 5.041667, "the file's duration before the asked one")
        // Keys a relay may send with other meanings spoil nothing.
        let odd = try decode(#"{"id": "o", "state": "pending", "model": {"name": "ray"}, "palette": "junk", "request": {"resolution": [720], "duration": true, "prompt": "p"}}"#)
        #expect(odd.model == nil && odd.resolution == nil && odd.requestedDuration == nil && odd.prompt == "p")
        #expect(odd.provider == .quickrouter && odd.palette == nil)
    }

    @Test func hostileValuesAreHeldOrRefused() throws {
        let g = try decode(official("h", prompt: #"\u001b]52;c;aGk=\u0007rm -rf"#, extra: #", "model": "\u001b[2Jray""#)
            .replacingOccurrences(of: #""duration": "5s""#, with: #""duration": "1e308s""#))
        #expect(g.durationSeconds == nil, "an absurd duration is unknown")
        let json = StatusReport(id: "h", generation: g, error: nil).json
        #expect(!json.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        #expect(UntrustedText.line(g.model ?? "").unicodeScalars.allSatisfy { $0.value >= 0x20 })
        #expect(throws: APIError.self) { try decode(#"{"id": "x", "state": "queued", "assets": {"video": 7}}"#) }
        #expect(throws: APIError.self) { try decode(#"{"id": "x", "state": "queued", "generation_type": ["video"]}"#) }
    }

    @Test func aPaletteIsTheMeanOfEachCell() throws {
        // Left half red, right half blue, 10 wide: columns 0-1 red, 3-4 blue, the middle cell mixed.
        var rgb: [UInt8] = []
        for _ in 0..<10 { for x in 0..<10 { rgb += x < 5 ? [255, 0, 0] : [0, 0, 255] } }
        let p = Palette(averaging: try #require(Picture(width: 10, height: 10, rgb: rgb)))
        #expect(p[0, 0] == RGB(255, 0, 0) && p[4, 4] == RGB(0, 0, 255))
        #expect(p[2, 2] == RGB(128, 0, 128))
    }
}
