import Foundation

/// The last lines of `watch`, one per id: how it ended and how long the watch waited for it.
extension Watch.Summary {
    /// The keys of `json`, in order. `summary` is always true: it tells these objects from the
    /// status objects before them, and no status object has a `final` key a filter could match.
    public static let keys = ["summary", "id", "final", "settled", "seconds", "error"]

    /// `summary  ID  STATE  DURATION`; a generation still open when the watch ended says so.
    public var line: String {
        let g = generation
        var parts = ["summary", g.id, g.conditionWord, TextReport.age(seconds)]
        if !settled {
            parts.append("still open")
            if let error = g.lastError { parts.append(error.message) }
        }
        return parts.map(UntrustedText.line).joined(separator: "  ")
    }

    /// One line of JSON with exactly `keys`; `seconds` to a tenth.
    public var json: String {
        JSONValue.object([
            ("summary", .bool(true)),
            ("id", .string(generation.id)),
            ("final", .string(generation.conditionWord)),
            ("settled", .bool(settled)),
            ("seconds", .number((seconds * 10).rounded() / 10)),
            ("error", .optional(generation.lastError?.message)),
        ]).text
    }
}
