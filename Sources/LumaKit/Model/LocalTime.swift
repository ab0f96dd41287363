import Foundation

/// `yyyy-MM-dd HH:mm:ss` and `HH:mm:ss` of a time in a zone, for screens and `watch`. By hand, not with
/// `DateFormatter`: the formatter alone brought about 3 MiB of ICU's data into a dashboard's memory.
public enum LocalTime {
    public static func text(_ date: Date, in zone: TimeZone) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: date)
        let (days, second) = WireDate.floorDivision(seconds, 86_400)
        let (y, m, d) = WireDate.civil(fromDays: days)
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2)) " + hms(second)
    }

    /// `HH:mm:ss` in `zone`.
    public static func clock(_ date: Date, in zone: TimeZone) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: date)
        return hms(WireDate.floorDivision(seconds, 86_400).1)
    }

    private static func hms(_ second: Int) -> String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60))"
    }
}
