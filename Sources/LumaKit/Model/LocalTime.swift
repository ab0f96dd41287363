import Foundation

/// `yyyy-MM-dd HH:mm:ss` of a time in a zone, for screens. Written by hand rather than with
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
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2)) \(pad(second / 3600, 2)):\(pad(second / 60 % 60, 2)):\(pad(second % 60, 2))"
    }
}
