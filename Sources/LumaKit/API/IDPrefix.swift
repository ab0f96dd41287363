/// A piece of a tracked id, as people copy it from the list (the list shows eight characters):
/// at least `minimum` characters from the start of exactly one tracked id stands for that id.
public enum IDPrefix {
    public static let minimum = 6

    /// Why a given id was not taken.
    public struct Ambiguous: Error, Hashable, Sendable, CustomStringConvertible {
        public let given: String
        public let matches: [String]
        public var description: String {
            let shown = matches.prefix(3).map { String($0.prefix(12)) + "…" }.joined(separator: ", ")
            return "\(TaskID.quoted(given)) is the start of \(matches.count) tracked ids (\(shown)): type more of it"
        }
    }

    /// Each given id as the tracked id it names: itself when tracked, the one tracked id it begins
    /// (when long enough), else itself (a new id to track). Case matters, as ids are compared.
    public static func resolve(_ given: [String], among tracked: some Collection<String>) throws(Ambiguous) -> [String] {
        let known = Set(tracked)
        var resolved: [String] = []
        for id in given {
            guard !known.contains(id), id.count >= minimum else { resolved.append(id); continue }
            let matches = tracked.filter { $0.hasPrefix(id) }
            if matches.count > 1 { throw Ambiguous(given: id, matches: matches.sorted()) }
            resolved.append(matches.first ?? id)
        }
        return resolved
    }
}
