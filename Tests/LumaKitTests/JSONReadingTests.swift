import Foundation
import Testing
@testable import LumaKit

/// The hand-written reader behind `GenerationDecoder`: JSON's edges, read as JSONDecoder reads them.
@Suite struct JSONReadingTests {
    func decode(_ text: String) throws(APIError) -> Generation {
        try GenerationDecoder.decode(Data(text.utf8))
    }

    func reason(_ text: String) -> String? {
        do { _ = try decode(text); return nil } catch {
            guard case .decoding(let why, _) = error else { return "\(error)" }
            return why
        }
    }

    @Test func escapesAreDecoded() throws {
        let g = try decode(#"{"id":"a","state":"x","request":{"prompt":"q\"b\\s\/n\n t\t r\r b\b f\f é\u00e9 \u4e00 🐱\ud83d\udc31"}}"#)
        #expect(g.prompt == "q\"b\\s/n\n t\t r\r b\u{8} f\u{c} éé 一 🐱🐱")
    }

    @Test func escapedKeysAreTheSameKeys() throws {
        let g = try decode(#"{"\u0069d":"a","st\u0061te":"completed"}"#)
        #expect(g.id == "a" && g.state == .completed)
    }

    @Test(arguments: [
        #"{"id":"\ud83d","state":"x"}"#,           // lone high surrogate
        #"{"id":"\udc31x","state":"x"}"#,          // lone low surrogate
        #"{"id":"\ud83d\u0041","state":"x"}"#,     // high surrogate, then not a low one
        #"{"id":"\x","state":"x"}"#,               // unknown escape
        #"{"id":"\u12","state":"x"}"#,             // short \u
        "{\"id\":\"a\u{1}b\",\"state\":\"x\"}",     // raw control character
        #"{"id":"a","state":"x",}"#,               // trailing comma
        #"{"id":"a","state":"x"} {}"#,             // two documents
        #"{"id":"a" "state":"x"}"#,                // missing comma
        #"{"id":"a","state":"x","n":01}"#,         // leading zero
        #"{"id":"a","state":"x","n":1.}"#,         // bare point
        #"{"id":"a","state":"x","n":-}"#,
        #"{"id":"a","state":"x","n":tru}"#,
        #"{"id":"a","state":"x","n":NaN}"#,
        #"{"id":"a","state":"x","n":[1,]}"#,
    ])
    func malformedIsNotJSON(body: String) {
        #expect(reason(body) == "not JSON")
    }

    @Test func invalidUTF8IsNotJSON() {
        var bytes = Array(#"{"id":"a"#.utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array(#"","state":"x"}"#.utf8)
        #expect(throws: APIError.self) { try GenerationDecoder.decode(Data(bytes)) }
    }

    @Test func everyTruncationOfTheExampleIsNotJSON() {
        let bytes = Array(Fixtures.example.utf8)
        for cut in stride(from: 0, to: bytes.count, by: 7) {
            do {
                _ = try GenerationDecoder.decode(Data(bytes[..<cut]))
                Issue.record("decoded a body cut at \(cut)")
            } catch {
                guard case .decoding(let why, _) = error else { Issue.record("\(error)"); continue }
                #expect(why == "not JSON", "cut at \(cut): \(why)")
            }
        }
    }

    @Test func aWrongTypeInABodyCutShortIsStillNotJSON() {
        #expect(reason(#"{"id": 42, "state": "compl"#) == "not JSON")
        #expect(reason(#"{"id": 42, "state": "completed"}"#) == "id: expected String")
        #expect(reason(#"{"id": null, "state": "completed"}"#)?.contains("found null") == true)
        #expect(reason(#"{"id": "a", "state": "b", "artifact": {"video": {"height": true}}}"#) == "artifact.video.height: expected Int")
        #expect(reason(#"{"id": "a"}"#) == #"missing "state""#)
    }

    @Test func deepNestingIsRefusedNotRecursedInto() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(reason(#"{"id":"a","state":"x","extra":"# + deep + "}") == "not JSON")
        // Within the limit an unknown value of any depth is skipped.
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(reason(#"{"id":"a","state":"x","extra":"# + fine + "}") == nil)
    }

    @Test func numbersAsJSONDecoderTakesThem() throws {
        let g = try decode(#"{"id":"a","state":"x","video":{"width":1.36e3,"height":752.0},"video_raw":{"duration":5}}"#)
        #expect(g.video?.width == 1360 && g.video?.height == 752)
        #expect(g.videoRaw?.duration == 5)
        #expect(try decode(#"{"id":"a","state":"x","video_raw":{"duration":-2.5E-1}}"#).videoRaw?.duration == -0.25)
        #expect(reason(#"{"id":"a","state":"x","video":{"width":1.5}}"#)?.hasPrefix("video.width") == true)
        #expect(reason(#"{"id":"a","state":"x","video":{"width":99999999999999999999}}"#)?.hasPrefix("video.width") == true)
        #expect(try decode(#"{"id":"a","state":"x","video":{"width":-9223372036854775808}}"#).video?.width == Int.min)
    }

    @Test func nullsAndAbsencesAreAbsent() throws {
        let g = try decode(#"{"id":"a","state":"x","request":null,"video":{"url":null,"width":null,"palette":{"grid":null}},"artifact":{"video":null,"created_at":null},"created_at":null}"#)
        #expect(g.prompt == nil && g.video == Media() && g.artifact == Generation.Artifact() && g.createdAt == nil)
        let user = try decode(#"{"id":"a","state":"x","request":{"user_prompt":"u"}}"#)
        #expect(user.prompt == "u")
        let both = try decode(#"{"id":"a","state":"x","request":{"user_prompt":"u","prompt":"p"}}"#)
        #expect(both.prompt == "p")
        #expect(try decode(#"{"id":"a","state":"x","created_at":"not a time"}"#).createdAt == nil)
    }

    @Test func equalURLsShareOneStorage() throws {
        let g = try decode(Fixtures.example)
        func base(_ s: String?) -> UnsafeRawPointer? {
            var s = s ?? ""
            return s.withUTF8 { UnsafeRawPointer($0.baseAddress) }
        }
        #expect(base(g.video?.url) == base(g.video?.downloadURL))
        #expect(base(g.video?.url) == base(g.artifact?.video?.url))
        #expect(base(g.videoRaw?.url) == base(g.artifact?.videoRaw?.url))
        #expect(base(g.thumbnail?.url) == base(g.artifact?.thumbnail?.url))
        #expect(base(g.thumbnail?.url) != base(g.lastFrame?.url))
    }

    @Test func batchSkipsOddElementsButNotBrokenJSON() throws {
        let body = "[" + Fixtures.example + #", {"id": 5}, 7, null, {"id":"b","state":"pending"}]"#
        let all = try GenerationDecoder.decodeBatch(Data(body.utf8))
        #expect(all.map(\.id) == ["4665a07c-7641-4809-a133-10786201bb56", "b"])
        #expect(all[0] == (try decode(Fixtures.example)))
        #expect(throws: APIError.self) { try GenerationDecoder.decodeBatch(Data(#"[{"id":"b","state":"x"}"#.utf8)) }
        #expect(throws: APIError.self) { try GenerationDecoder.decodeBatch(Data(#"{"id":"b","state":"x"}"#.utf8)) }
        #expect(try GenerationDecoder.decodeBatch(Data(" [ ] ".utf8)).isEmpty)
    }

    @Test func base64AsDataReadsIt() {
        for text in ["", "AA==", "AAA=", "AAAA", "em9c", "+/+/", "AB==", "AAB=", "AA=A", "AAA==", "A===", "AAA", "A AA",
                     "AA==AAAA", "ÿÿÿÿ"] {
            let foundation = Data(base64Encoded: text).map { [UInt8]($0) }
            // Strict where it answers, and then as Foundation; Foundation also takes odd padding.
            if let mine = try? Palette.decodeBase64(text) { #expect(mine == foundation, "\(text)") }
        }
        #expect((try? Palette.decodeBase64("AA=A")) == nil)
        #expect(throws: Palette.Invalid.wrongLength(2)) { try Palette(base64: "AA=A") }
        #expect(throws: Palette.Invalid.notBase64) { try Palette(base64: "A AA") }
    }
}

@Suite struct WireDateTests {
    @Test func millisecondTimesRoundTripExactly() {
        // Times across the whole range the service and the state file use, every millisecond digit.
        var state: UInt64 = 0x9E3779B97F4A7C15
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let ms = Int64(state >> 24) % 4_102_444_800_000  // 1970 to 2100
            let date = Date(timeIntervalSince1970: Double(ms) / 1000)
            let text = WireDate.format(date)
            guard ms >= 365 * 86_400_000 else { continue }
            let back = WireDate.parse(text)
            #expect(back == date, "\(ms) → \(text)")
            #expect(back.map(WireDate.format) == text)
            // And a time read once is stable from then on.
            #expect(back.flatMap { WireDate.parse(WireDate.format($0)) } == back)
            // Foundation reads what we write as the same instant, to the millisecond.
            let foundation = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
            #expect(foundation.map { abs($0.timeIntervalSince(date)) < 0.0005 } == true, "\(text)")
        }
    }

    @Test func writtenInTheServicesShape() {
        // Foundation's style truncates and writes .138 and .998 for the first and fourth.
        let expected = [1_734_874_720.139: "2024-12-22T13:38:40.139Z", 1_800_000_000.25: "2027-01-15T08:00:00.250Z",
                        1_000_000_000: "2001-09-09T01:46:40.000Z", 951_782_400.999: "2000-02-29T00:00:00.999Z",
                        4_102_444_799.5: "2099-12-31T23:59:59.500Z", 0: "1970-01-01T00:00:00.000Z"]
        for (seconds, text) in expected {
            #expect(WireDate.format(Date(timeIntervalSince1970: seconds)) == text)
        }
        // Rounded to the nearest millisecond, carrying into the second.
        #expect(WireDate.format(Date(timeIntervalSince1970: 1_734_874_720.9996)) == "2024-12-22T13:38:41.000Z")
        // Any time, once written and read, is written the same again.
        for i in 0..<2_000 {
            let now = Date(timeIntervalSince1970: 1_700_000_000 + Double(i) * 0.0137 + 1e-7 * Double(i % 13))
            let once = WireDate.parse(WireDate.format(now))!
            #expect(abs(once.timeIntervalSince(now)) <= 0.0005)
            #expect(WireDate.parse(WireDate.format(once)) == once)
        }
    }

    @Test func readLikeFoundation() {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        for text in ["2024-12-22T13:38:40.139Z", "2024-02-29T00:00:00.000Z", "1999-12-31T23:59:59.999Z", "2100-01-01T00:00:00.001Z"] {
            let foundation = try? Date(text, strategy: style)
            let mine = WireDate.parse(text)
            #expect(mine != nil && foundation != nil)
            #expect(abs(mine!.timeIntervalSince(foundation!)) < 1e-6, "\(text)")
        }
        #expect(WireDate.parse("2024-12-22T13:38:40Z") == WireDate.parse("2024-12-22T13:38:40.000Z"))
        #expect(WireDate.parse("2024-12-22T14:38:40.139+01:00") == WireDate.parse("2024-12-22T13:38:40.139Z"))
        #expect(WireDate.parse("2024-12-22T13:38:40.139123Z")!.timeIntervalSince(WireDate.parse("2024-12-22T13:38:40.139Z")!) > 0.0001)
    }

    @Test(arguments: ["", "0001-01-01T00:00:00Z", "1970-06-01T00:00:00Z", "2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z",
                      "2024-12-22 13:38:40Z", "2024-12-22T13:38:40", "2024-12-22T13:38:40.Z", "2024-12-22T24:00:00Z",
                      "2024-12-22T13:38:40Zjunk", "yesterday"])
    func absentOrUnreadable(text: String) {
        #expect(WireDate.parse(text) == nil)
    }
}

@Suite struct LocalTimeTests {
    @Test func clockReadsLikeADateFormatter() {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "HH:mm:ss"
        for zone in ["UTC", "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham", "Europe/Berlin"] {
            let tz = TimeZone(identifier: zone)!
            f.timeZone = tz
            for t in [0, 59.999, 86_399.5, -0.25, -86_401, 1_700_000_000.75, 1_711_846_799, 1_711_846_800] as [Double] {
                let date = Date(timeIntervalSince1970: t)
                #expect(LocalTime.clock(date, in: tz) == f.string(from: date), "\(zone) \(t)")
            }
        }
    }

    /// No zone: the system's, through the C library, as `TimeZone.current` has it.
    @Test func theSystemZoneIsTimeZoneCurrent() {
        for t in [0, 86_399.5, 1_700_000_000.75, 1_711_846_799, 1_711_846_800, 1_729_990_800, 2_000_000_000] as [Double] {
            let date = Date(timeIntervalSince1970: t)
            #expect(LocalTime.text(date, in: nil) == LocalTime.text(date, in: .current), "\(t)")
            #expect(LocalTime.clock(date, in: nil) == LocalTime.clock(date, in: .current), "\(t)")
        }
    }

    @Test func asDateFormatterWritesIt() {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        for zone in ["UTC", "Europe/Berlin", "America/St_Johns", "Asia/Kolkata", "Pacific/Chatham"] {
            let tz = TimeZone(identifier: zone)!
            f.timeZone = tz
            for i in 0..<400 {
                let date = Date(timeIntervalSince1970: 1_600_000_000 + Double(i) * 86_400 * 7.3 + 0.999)
                #expect(LocalTime.text(date, in: tz) == f.string(from: date), "\(zone) \(date)")
            }
        }
    }
}
