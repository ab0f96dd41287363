/// Sizes a media host declares in its headers. Read as plain decimal digits, at most 18 of them
/// (under an exabyte), so no value can trap or overflow the arithmetic done with it; anything
/// else (a sign, an exponent, spaces, a list) is no size at all.
enum DeclaredSize {
    static func number<S: StringProtocol>(_ text: S) -> Int64? {
        guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        return Int64(text)
    }

    /// `Content-Length`, when it is one number (repeated equal values count as one).
    static func contentLength(_ values: [String]) -> Int64? {
        let numbers = values.flatMap { $0.split(separator: ",") }.map { number($0.trimmingSpaces) }
        guard let first = numbers.first, let size = first, numbers.allSatisfy({ $0 == size }) else { return nil }
        return size
    }

    /// `Content-Range: bytes FIRST-LAST/TOTAL` with FIRST ≤ LAST < TOTAL; nil for anything else
    /// (an unknown total `*`, several ranges, a range that does not fit).
    struct ContentRange: Hashable {
        let first: Int64
        let last: Int64
        let total: Int64
        var length: Int64 { last - first + 1 }

        init?(_ value: String?) {
            guard let value, value.hasPrefix("bytes ") else { return nil }
            let halves = value.dropFirst(6).split(separator: "/", omittingEmptySubsequences: false)
            guard halves.count == 2 else { return nil }
            let ends = halves[0].split(separator: "-", omittingEmptySubsequences: false)
            guard ends.count == 2, let first = DeclaredSize.number(ends[0]), let last = DeclaredSize.number(ends[1]),
                  let total = DeclaredSize.number(halves[1]), first <= last, last < total
            else { return nil }
            self.first = first; self.last = last; self.total = total
        }
    }
}

private extension StringProtocol {
    var trimmingSpaces: SubSequence {
        guard let start = firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = lastIndex(where: { $0 != " " && $0 != "\t" }) else { return self[endIndex...] }
        return self[start...last]
    }
}
