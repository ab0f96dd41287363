import Foundation

/// `Retry-After` is either a number of seconds or an HTTP date (RFC 9110 §10.2.3). What it says is
/// the server's wish; `PollPolicy.rateLimitHold` decides how long lumatop actually waits.
public enum RetryAfter {
    /// Seconds from `now`, never negative (a date in the past is no wait) and never beyond
    /// `Bounded.longestWait`; nil when the value is not usable (negative, NaN, not a number or date).
    public static func parse(_ value: String, now: Date = Date()) -> TimeInterval? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(text) {
            // A negative or NaN count of seconds means nothing; a huge one means "a long time".
            guard seconds >= 0 else { return nil }
            return Bounded.wait(seconds)
        }
        for format in formats {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "GMT")
            f.dateFormat = format
            if let date = f.date(from: text) { return Bounded.wait(date.timeIntervalSince(now)) }
        }
        return nil
    }

    /// What a too-long Retry-After became: "server asked for 5h00m, held at 1h00m".
    public static func cutNote(asked: TimeInterval) -> String {
        "server asked for \(TextReport.age(Bounded.wait(asked))), held at \(TextReport.age(PollPolicy.longestRateLimitHold))"
    }

    // IMF-fixdate first; the two obsolete forms are still accepted by the RFC.
    private static let formats = ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"]

    /// Formats a date the way a server would, for tests and the demo.
    public static func httpDate(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f.string(from: date)
    }
}
