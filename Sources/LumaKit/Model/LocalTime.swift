import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `yyyy-MM-dd HH:mm:ss` and `HH:mm:ss` of a time in a zone, for screens and `watch`. By hand, not with
/// `DateFormatter`: the formatter alone brought ICU's data into a dashboard's memory (BENCHMARKS.md).
///
/// A nil zone is the system's own, as the C library's `localtime_r` reads it (`TZ`, else
/// `/etc/localtime`, as `TimeZone.current` does): making the first `TimeZone` sets up ICU, whose
/// pages would stay in a dashboard's memory for one offset.
public enum LocalTime {
    public static func text(_ date: Date, in zone: TimeZone?) -> String {
        let seconds = Bounded.calendarSeconds(date) + offset(date, zone)
        let (days, second) = WireDate.floorDivision(seconds, 86_400)
        let (y, m, d) = WireDate.civil(fromDays: days)
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2)) " + hms(second)
    }

    /// `HH:mm:ss` in `zone`.
    public static func clock(_ date: Date, in zone: TimeZone?) -> String {
        let seconds = Bounded.calendarSeconds(date) + offset(date, zone)
        return hms(WireDate.floorDivision(seconds, 86_400).1)
    }

    /// Seconds east of UTC at `date`.
    static func offset(_ date: Date, _ zone: TimeZone?) -> Int {
        if let zone { return zone.secondsFromGMT(for: date) }
        var t = time_t(Bounded.calendarSeconds(date))
        var parts = tm()
        guard localtime_r(&t, &parts) != nil else { return 0 }
        return parts.tm_gmtoff
    }

    private static func hms(_ second: Int) -> String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60))"
    }
}
