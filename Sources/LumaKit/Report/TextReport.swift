import Foundation

/// Plain-text forms of a generation for `status`, `watch` and `list`. Server text is cleaned first.
public enum TextReport {
    public static let tableHeader = ["ID", "STATE", "RESOLUTION", "DURATION", "AGE", "PROMPT"]

    public static func resolution(_ g: Generation?) -> String {
        guard let w = g?.width, let h = g?.height else { return "-" }
        return "\(w)×\(h)"
    }

    public static func duration(_ g: Generation?) -> String {
        guard let d = g?.durationSeconds else { return "-" }
        return String(format: "%.1fs", d)
    }

    /// "42s", "3m", "2h05m", "4d".
    public static func age(_ seconds: TimeInterval) -> String {
        let s = max(0, Bounded.int(seconds))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        if s < 86_400 { return "\(s / 3600)h\(String(format: "%02d", (s % 3600) / 60))m" }
        return "\(s / 86_400)d"
    }

    /// One prompt on one line, cut to `limit` characters with an ellipsis.
    public static func prompt(_ g: Generation?, limit: Int = 60) -> String {
        guard let p = g?.prompt else { return "" }
        let clean = UntrustedText.line(p)
        return clean.count > limit ? String(clean.prefix(limit - 1)) + "…" : clean
    }

    public static func row(_ g: TrackedGeneration, now: Date) -> [String] {
        let created = g.generation?.created ?? g.firstSeen
        return [g.id, g.conditionWord, resolution(g.generation), duration(g.generation),
                age(now.timeIntervalSince(created)), prompt(g.generation)]
    }

    /// Columns padded to their widest cell; the last column is not padded. Every cell is cleaned
    /// (ids from the state file, the server's state words).
    public static func table(_ rows: [[String]]) -> String {
        let rows = rows.map { $0.map(UntrustedText.line) }
        guard let first = rows.first else { return "" }
        var widths = Array(repeating: 0, count: first.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count - 1 { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }

    /// One `watch` line: time, id, condition, and what matters for it; every part cleaned.
    public static func change(_ g: TrackedGeneration, at date: Date) -> String {
        var parts = [LocalTime.clock(date, in: nil), g.id, g.conditionWord]
        if let error = g.lastError, !g.isFinished {
            parts.append(error.message)
        } else if g.state == .completed {
            parts.append("\(resolution(g.generation)) \(duration(g.generation))")
            if let url = g.generation?.downloadURL { parts.append(url) }
        } else if g.state == .failed, let reason = g.generation?.failureReason {
            parts.append(reason)
        }
        let p = prompt(g.generation, limit: 40)
        if !p.isEmpty { parts.append("\"\(p)\"") }
        return parts.map(UntrustedText.line).joined(separator: "  ")
    }

}
