import Foundation
import LumaKit

/// A download in one line of any width: a bar, percent, bytes, speed and time left, the bar
/// shrinking first and the rest dropping from the right as room runs out.
public enum ProgressLine {
    public static func text(_ s: DownloadStatus, width: Int) -> String {
        switch s.phase {
        case .queued(let position):
            return TextWidth.truncate("⋯ queued (\(ordinal(position)) in line)", to: width)
        case .failed(let why):
            return TextWidth.truncate("✖ " + UntrustedText.line(why), to: width)
        case .running:
            break
        }
        let p = s.progress
        var facts: [String] = []
        if let f = s.fraction { facts.append("\(Bounded.int((f * 100).rounded(.down)))%") }
        facts.append(p.total.map { bytes(p.received, of: $0) } ?? bytes(p.received))
        if let speed = s.bytesPerSecond { facts.append(bytes(Bounded.int64(speed)) + "/s") }
        if let left = s.secondsLeft { facts.append(TextReport.age(left.rounded(.up)) + " left") }
        // Keep what fits, in order of importance; the bar takes what is left, if that is enough.
        var kept: [String] = []
        for fact in facts where TextWidth.of((kept + [fact]).joined(separator: " ")) <= width {
            kept.append(fact)
        }
        let tail = kept.joined(separator: " ")
        let room = width - TextWidth.of(tail) - 1
        guard let f = s.fraction, room >= 6 else { return tail }
        return bar(f, width: min(room, 30)) + " " + tail
    }

    /// `▕██████▍   ▏`: eighths of a cell, so small steps show.
    static func bar(_ fraction: Double, width: Int) -> String {
        let inner = max(1, width - 2)
        let eighths = Bounded.int((Bounded.clamp(fraction, to: 0...1, nan: 0) * Double(inner * 8)).rounded(.down))
        let full = eighths / 8
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8]
        let filled = String(repeating: "█", count: full) + partial
        return "▕" + filled + String(repeating: " ", count: inner - full - (partial.isEmpty ? 0 : 1)) + "▏"
    }

    /// "812 KB", "12.3 MB", "1.20 GB" (decimal units, as download tools show).
    public static func bytes(_ n: Int64) -> String {
        let (value, unit) = scaled(n)
        return "\(value) \(unit)"
    }

    /// "12.3/27.1 MB": both in the unit of the total.
    static func bytes(_ n: Int64, of total: Int64) -> String {
        let (unit, size) = unit(total)
        let digits = decimals(Double(total) / size, unit)
        return "\(format(Double(n) / size, digits))/\(format(Double(total) / size, digits)) \(unit)"
    }

    private static func scaled(_ n: Int64) -> (String, String) {
        let (unit, size) = unit(n)
        return (format(Double(n) / size, decimals(Double(n) / size, unit)), unit)
    }

    private static func unit(_ n: Int64) -> (String, Double) {
        n >= 1_000_000_000 ? ("GB", 1e9) : n >= 1_000_000 ? ("MB", 1e6) : n >= 1_000 ? ("KB", 1e3) : ("B", 1)
    }

    private static func decimals(_ v: Double, _ unit: String) -> Int {
        unit == "B" || v >= 100 ? 0 : v >= 10 ? 1 : 2
    }

    private static func format(_ v: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", v)
    }

    private static func ordinal(_ n: Int) -> String {
        let suffix = (11...13).contains(n % 100) ? "th" : ["th", "st", "nd", "rd", "th", "th", "th", "th", "th", "th"][n % 10]
        return "\(n)\(suffix)"
    }
}
