/// Terminal columns per grapheme cluster, as ncurses places it: a cell is drawn as one `cchar_t`,
/// which takes the columns of its first scalar by the C library's `wcwidth` (the scalars after it
/// only if they take none). East Asian wide and emoji take 2, combining marks 0; what the C library
/// calls unprintable ncurses still advances over by 1. Control characters never reach a cell
/// (see `UntrustedText`).
public enum TextWidth {
    public static func of(_ c: Character) -> Int {
        // ASCII needs no Unicode tables: printable is 1, control 0 ("\r\n" is one control grapheme).
        if let a = c.asciiValue { return a < 0x20 || a == 0x7F ? 0 : 1 }
        guard let first = c.unicodeScalars.first else { return 0 }
        return scalarWidth(first)
    }

    public static func of(_ s: String) -> Int {
        if let n = asciiWidth(s) { return n }
        var total = 0
        for c in s { total += of(c) }
        return total
    }

    /// The width of an all-ASCII string byte by byte, nil if any byte is not ASCII. In ASCII every
    /// grapheme is one byte (or "\r\n", two controls), so this agrees with the per-grapheme sum.
    static func asciiWidth(_ s: String) -> Int? {
        var n = 0
        for b in s.utf8 {
            if b >= 0x80 { return nil }
            if b >= 0x20 && b != 0x7F { n += 1 }
        }
        return n
    }

    static func scalarWidth(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        if v < 0x300 { return 1 }
        if WidthTable.contains(WidthTable.zero, v) { return 0 }
        return WidthTable.contains(WidthTable.wide, v) ? 2 : 1
    }

    /// The longest prefix of `s` that fits `width` columns; with `ellipsis`, a cut string ends in "…".
    public static func truncate(_ s: String, to width: Int, ellipsis: Bool = true) -> String {
        guard width > 0 else { return "" }
        if of(s) <= width { return s }
        let budget = ellipsis ? width - 1 : width
        var out = "", used = 0
        for c in s {
            let w = of(c)
            if used + w > budget { break }
            out.append(c)
            used += w
        }
        return ellipsis ? out + "…" : out
    }

    /// Splits text into lines of at most `width` columns: at spaces where it can, anywhere in CJK.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = "", lineWidth = 0
            var word = "", wordWidth = 0
            func flushWord() {
                if lineWidth + wordWidth > width, !line.isEmpty {
                    lines.append(String(line.trimmingSuffixSpaces()))
                    line = ""; lineWidth = 0
                    if word.first == " " { word.removeFirst(); wordWidth -= 1 }
                }
                line += word; lineWidth += wordWidth
                word = ""; wordWidth = 0
            }
            for c in paragraph {
                let w = of(c)
                if c == " " || w == 2 { flushWord() }
                if wordWidth + w > width { flushWord(); if lineWidth + w > width { lines.append(line); line = ""; lineWidth = 0 } }
                word.append(c); wordWidth += w
                if w == 2 { flushWord() }
            }
            flushWord()
            lines.append(String(line.trimmingSuffixSpaces()))
        }
        return lines
    }
}

extension String {
    func trimmingSuffixSpaces() -> Substring {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return s
    }
}
