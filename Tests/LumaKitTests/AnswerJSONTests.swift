import Foundation
import Testing
import LumaDemo
@testable import LumaKit

/// The demo answers in the service's shape through the one JSON writer: every answer reads back as
/// it was, artifact whole, whatever text it holds.
@Suite struct AnswerJSONTests {
    @Test func everyKindOfAnswerReadsBackEqual() throws {
        for record in StoredAnswerTests().records {
            guard let g = record.answer else { continue }
            #expect(try GenerationDecoder.decode(g.answerJSON) == g, "\(record.id.debugDescription)")
            #expect(!String(decoding: g.answerJSON, as: UTF8.self).contains("\"repeats\""), "the service's shape names no repeats")
        }
    }

    @Test func theDemoCatalogueReadsBackEqual() throws {
        let clock = Locked(Date(timeIntervalSince1970: 1_800_000_000))
        let demo = DemoService(timescale: 100, seed: 7, now: { clock.current })
        demo.mediaBase = "http://127.0.0.1:1/media"
        clock.withLock { $0 += 120 }
        let ids = demo.ids
        #expect(ids.count > 12, "the demo has moved on")
        for id in ids {
            let g = try #require(demo.generation(id))
            // Read as the service's answer (times to the wire's precision), then stable.
            let once = try GenerationDecoder.decode(g.answerJSON)
            #expect(try GenerationDecoder.decode(once.answerJSON) == once, "\(id)")
            #expect(once.id == g.id && once.state == g.state && once.prompt == g.prompt && once.video == g.video
                    && once.thumbnail == g.thumbnail && once.failureReason == g.failureReason, "\(id)")
        }
    }

    /// Escaped as every other line lumatop writes: the same bytes as `UntrustedText.json`.
    @Test func statusLinesAndOtherValuesEscapeAlike() {
        let text = StoredAnswerTests.hostile
        let line = StatusReport(id: text, generation: nil, error: text).json
        #expect(line.hasPrefix("{\"id\":\(UntrustedText.json(text)),\"state\":null,"))
        #expect(line.hasSuffix(",\"error\":\(UntrustedText.json(text))}"))
        #expect(JSONValue.object([(text, .string(text))]).text == "{\(UntrustedText.json(text)):\(UntrustedText.json(text))}")
        #expect(JSONValue.array([.number(.infinity), .number(.nan), .number(1.5), .int(-3), .bool(true), .null]).text
                == "[null,null,1.5,-3,true,null]")
    }
}
