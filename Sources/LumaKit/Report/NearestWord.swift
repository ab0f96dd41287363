/// "Did you mean …?": the known word a mistyped one is closest to, within two edits.
public enum NearestWord {
    /// The known word nearest to `word` within `most` edits, or nil when none is that close.
    public static func to(_ word: String, among known: some Sequence<String>, most: Int = 2) -> String? {
        known.map { (name: $0, distance: distance(word, $0)) }
            .filter { $0.distance <= most }
            .min { $0.distance < $1.distance }?.name
    }

    /// Edits between two words: insertions, deletions, substitutions and swaps of neighbours
    /// (optimal string alignment), so `stauts` is one edit from `status`.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
