import Foundation

/// ISO 8601 times as the service writes them, with or without fractional seconds. The zero time
/// `0001-01-01T00:00:00Z` and anything unreadable count as absent: a date is never worth failing
/// an answer over.
///
/// Read and written by hand (Foundation's format styles were most of a decode's time). The two
/// agree exactly on milliseconds: `format` rounds to the nearest millisecond and `parse` gives
/// `Date(timeIntervalSince1970:)` of the seconds nearest the text, so a time read from the state
/// file is written back unchanged and read back equal, and so is one made from whole milliseconds.
public enum WireDate {
    public static func parse(_ text: String?) -> Date? {
        guard var text, !text.isEmpty else { return nil }
        let date = text.withUTF8 { parse(bytes: $0) }
        guard let date, date > earliest else { return nil }
        return date
    }

    public static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSinceReferenceDate
        // Beyond years 1 to 9999 (never a service time), Foundation's own writing.
        guard seconds.isFinite, abs(seconds) < 2.5e11 else { return date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)) }
        let ms = Bounded.int((seconds * 1000).rounded())
        let (whole, milli) = floorDivision(ms, 1000)
        let unix = whole + referenceOffset
        let (days, secondOfDay) = floorDivision(unix, 86_400)
        let (y, m, d) = civil(fromDays: days)
        guard (1...9999).contains(y) else { return date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)) }
        var out = [UInt8]()
        out.reserveCapacity(24)
        func put(_ v: Int, _ width: Int) {
            var unit = 1
            for _ in 1..<width { unit *= 10 }
            while unit > 0 { out.append(UInt8(ascii: "0") + UInt8(v / unit % 10)); unit /= 10 }
        }
        put(y, 4); out.append(UInt8(ascii: "-")); put(m, 2); out.append(UInt8(ascii: "-")); put(d, 2)
        out.append(UInt8(ascii: "T"))
        put(secondOfDay / 3600, 2); out.append(UInt8(ascii: ":")); put(secondOfDay / 60 % 60, 2)
        out.append(UInt8(ascii: ":")); put(secondOfDay % 60, 2)
        out.append(UInt8(ascii: ".")); put(milli, 3); out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// `YYYY-MM-DDTHH:MM:SS[.f…](Z|±HH:MM|±HHMM)`.
    static func parse(bytes b: UnsafeBufferPointer<UInt8>) -> Date? {
        var i = 0
        func number(_ width: Int) -> Int? {
            guard b.count - i >= width else { return nil }
            var v = 0
            for _ in 0..<width {
                let d = b[i] &- UInt8(ascii: "0")
                guard d < 10 else { return nil }
                v = v * 10 + Int(d); i += 1
            }
            return v
        }
        func skip(_ c: Character) -> Bool {
            guard i < b.count, b[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        guard let y = number(4), skip("-"), let m = number(2), skip("-"), let d = number(2), skip("T"),
              let hh = number(2), skip(":"), let mm = number(2), skip(":"), let ss = number(2) else { return nil }
        guard (1...12).contains(m), d >= 1, d <= daysIn(month: m, year: y), hh < 24, mm < 60, ss < 60 else { return nil }
        var nanos = 0, exactMillis = true
        if skip(".") {
            var count = 0
            while i < b.count, b[i] &- UInt8(ascii: "0") < 10 {
                let digit = Int(b[i] - UInt8(ascii: "0"))
                if count < 9 { nanos = nanos * 10 + digit }
                if count >= 3, digit != 0 { exactMillis = false }
                count += 1; i += 1
            }
            guard count > 0 else { return nil }
            for _ in min(count, 9)..<9 { nanos *= 10 }
        }
        var offset = 0
        if skip("Z") {
        } else if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let oh = number(2) else { return nil }
            _ = skip(":")
            let om = i < b.count ? number(2) : 0
            guard let om, oh < 24, om < 60 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let unix = days(year: y, month: m, day: d) * 86_400 + hh * 3600 + mm * 60 + ss - offset
        if exactMillis {
            // As `Date(timeIntervalSince1970: 1_734_874_720.139)` makes it, which `format` writes back.
            return Date(timeIntervalSince1970: Double(unix * 1000 + nanos / 1_000_000) / 1000)
        }
        return Date(timeIntervalSince1970: Double(unix) + Double(nanos) / 1e9)
    }

    /// Seconds from 1970 to 2001, Foundation's reference date.
    private static let referenceOffset = 978_307_200
    // Anything before 1971 is a placeholder, not a creation time.
    private static let earliest = Date(timeIntervalSince1970: 365 * 86_400)

    static func floorDivision(_ a: Int, _ b: Int) -> (Int, Int) {
        let q = a >= 0 ? a / b : -((-a + b - 1) / b)
        return (q, a - q * b)
    }

    private static func daysIn(month m: Int, year y: Int) -> Int {
        switch m {
        case 2: (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The inverse of `days` (`civil_from_days`).
    static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
