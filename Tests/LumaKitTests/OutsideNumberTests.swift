import Foundation
import Testing
@testable import LumaKit

/// Every number from outside, at its extremes, through every path that converts or computes with
/// it: none may trap, and what comes out stays within sane bounds.
@Suite struct OutsideNumberTests {
    static let extremes: [Double] = [0, -0.0, 1, -1, 0.5, -0.5, 0.001, 59.9, 3600.5, 1e9, 9.2e18, 1e19, -1e19,
                                     1e308, -1e308, .greatestFiniteMagnitude, .infinity, -.infinity, .nan]

    /// Retry-After as servers send it, hostile ones included, and the wait each means: nil for
    /// not usable, `.infinity` for held at the longest wait.
    static let retryAfters: [(String, TimeInterval?)] = [
        ("0", 0), ("-5", nil), ("0.001", 0.001), ("1.5", 1.5), ("abc", nil), ("", nil), ("1e19", .infinity),
        ("1e308", .infinity), ("inf", .infinity), ("-inf", nil), ("nan", nil), ("infinity", .infinity),
        ("99999999999999999999999", .infinity), ("0x1p62", .infinity),
        ("Mon, 01 Jan 0001 00:00:00 GMT", 0), ("Fri, 31 Dec 9999 23:59:59 GMT", .infinity),
        ("Sunday, 06-Nov-94 08:49:37 GMT", 0), (RetryAfter.httpDate(Date() - 3 * 86_400), 0),
        (RetryAfter.httpDate(Date() + 5 * 3600), 5 * 3600),
    ]

    @Test(arguments: extremes)
    func conversionsSaturate(value: Double) {
        let i = Bounded.int(value)
        if value.isNaN { #expect(i == 0) }
        if value >= 1e19 { #expect(i == .max) }
        if value <= -1e19 { #expect(i == .min) }
        if abs(value) < 1e9 { #expect(i == Int(value)) }
        #expect(Bounded.int64(value, nan: 7) == (value.isNaN ? 7 : Int64(i)))
        let wait = Bounded.wait(value)
        #expect(wait >= 0 && wait <= Bounded.longestWait)
        #expect(Bounded.wholeSeconds(value) >= 0)
        _ = Bounded.deadline(in: value)
        _ = Bounded.interval(value)
        _ = Bounded.timeAmount(value)
        _ = Bounded.calendarSeconds(Date(timeIntervalSince1970: value))
    }

    @Test(arguments: retryAfters)
    func retryAfterIsNilOrAWaitWithinAYear(header: String, expected: TimeInterval?) {
        let seconds = RetryAfter.parse(header)
        switch expected {
        case nil: #expect(seconds == nil, "\(header) gave \(String(describing: seconds))")
        case .infinity?: #expect(seconds == Bounded.longestWait, "\(header) gave \(String(describing: seconds))")
        // A date's wait shrinks while the suite waits to run this case (minutes on a loaded machine).
        case let wait?: #expect(seconds.map { $0 <= wait + 1 && $0 >= wait - 900 } == true, "\(header) gave \(String(describing: seconds))")
        }
        // What the message says, and what the poller holds, are both sane.
        #expect(APIError.rateLimited(retryAfter: seconds).message.hasPrefix("rate limited (HTTP 429)"))
        for streak in [0, 1, 2, 10, 1000, Int.max] {
            let hold = PollPolicy(interval: 1).rateLimitHold(retryAfter: seconds, streak: streak)
            #expect(hold >= 1 && hold <= PollPolicy.longestRateLimitHold, "\(header), streak \(streak): \(hold)")
        }
    }

    @Test(arguments: extremes)
    func messagesAndTextsOfAnyNumber(value: Double) {
        #expect(APIError.rateLimited(retryAfter: value).message.hasPrefix("rate limited (HTTP 429)"))
        #expect(APIError.transport(.timeout(seconds: value)).message.hasPrefix("no answer within"))
        #expect(!TextReport.age(value).isEmpty)
        let date = Date(timeIntervalSince1970: value)
        #expect(LocalTime.clock(date, in: nil).count == 8)
        #expect(LocalTime.clock(date, in: TimeZone(identifier: "Asia/Kolkata")).count == 8)
        #expect(!LocalTime.text(date, in: nil).isEmpty)
        #expect(!WireDate.format(date).isEmpty)
    }

    @Test func aRetryAfterBeyondTheLongestHoldIsShownCut() {
        #expect(APIError.rateLimited(retryAfter: 18_000).message
                == "rate limited (HTTP 429): server asked for 5h00m, held at 1h00m")
        #expect(APIError.rateLimited(retryAfter: 12).message == "rate limited (HTTP 429), retry after 12 s")
        #expect(APIError.rateLimited(retryAfter: 0.001).message == "rate limited (HTTP 429), retry after 1 s")
    }

    @Test(arguments: extremes)
    func policiesOfAnyInterval(value: Double) {
        let policy = PollPolicy(interval: value, maxInFlight: Int.max, batchLimit: Int.max)
        #expect(policy.interval >= PollPolicy.minimumInterval && policy.interval <= PollPolicy.maximumInterval)
        for failures in [0, 1, 17, Int.max] {
            let b = policy.backoff(failures: failures, unit: value)
            #expect(b >= policy.interval && b <= max(policy.interval, policy.backoffCap))
        }
        for ids in [0, 1, 51, Int.max / 2] {
            #expect(policy.requestBudget(ids: ids, batching: true) >= PollPolicy.budgetSlack)
            #expect(policy.requestBudget(ids: ids, batching: false) >= PollPolicy.budgetSlack)
        }
        #expect(policy.rateLimitHold(retryAfter: value, streak: 3) <= max(policy.interval, PollPolicy.longestRateLimitHold))
    }

    @Test func theBudgetIsTheIssuesFormula() {
        let one = PollPolicy(interval: 1)
        #expect(one.requestBudget(ids: 3, batching: true) == 15)
        #expect(one.requestBudget(ids: 3, batching: false) == 35)
        #expect(one.requestBudget(ids: 120, batching: true) == 35)
        let three = PollPolicy(interval: 3)
        // 100 ids asked alone every 3 s: 333.3 per 10 s, plus five.
        #expect(three.requestBudget(ids: 100, batching: false) == 338)
    }

    @Test(arguments: [("0", 0), ("1360", 1360), ("1125899906842624", 1 << 50), ("1125899906842625", nil),
                      ("99999999999999999999999", nil), ("18446744073709551616", nil), ("-1", nil), ("+5", nil),
                      ("1e3", nil), (" 5", nil), ("5 ", nil), ("", nil), ("٣", nil), ("0x10", nil)] as [(String, Int64?)])
    func sizesAreDigitsWithinTheLargest(text: String, expected: Int64?) {
        #expect(Bounded.size(text) == expected)
    }

    /// Widths, heights and durations as a hostile server writes them: the answer still reads, and
    /// what is absurd is unknown rather than shown.
    @Test(arguments: ["9223372036854775807", "-9223372036854775808", "0", "-5", "1e5", "65536", "65537"])
    func absurdSizesInAnAnswerAreUnknown(number: String) throws {
        let body = #"{"id":"a","state":"completed","video":{"width":\#(number),"height":\#(number)},"#
            + #""video_raw":{"duration":\#(number)}}"#
        let g = try GenerationDecoder.decode(Data(body.utf8))
        let n = Double(number)!
        let sane = n > 0 && n <= 65536
        #expect((g.width != nil) == sane && (g.height != nil) == sane)
        #expect((g.durationSeconds != nil) == (n >= 0 && n <= Bounded.longestVideo))
        let json = StatusReport(id: "a", generation: g, error: nil).json
        if !sane { #expect(json.contains(#""width":null,"height":null"#), "\(json)") }
        let row = TextReport.row(TrackedGeneration(id: "a", generation: g, firstSeen: Date()), now: Date())
        #expect(row[2].count <= 11 && row[3].count <= 9, "\(row)")
    }

    @Test(arguments: ["1e308", "-1e308", "1.7976931348623157e308", "5e-324"])
    func absurdDurationsInAnAnswerAreUnknown(number: String) throws {
        let body = #"{"id":"a","state":"completed","video_raw":{"duration":\#(number)},"video":{"duration":\#(number)}}"#
        let g = try GenerationDecoder.decode(Data(body.utf8))
        #expect(g.durationSeconds == nil || g.durationSeconds! <= Bounded.longestVideo)
        #expect(TextReport.duration(g).count <= 9)
    }
}
