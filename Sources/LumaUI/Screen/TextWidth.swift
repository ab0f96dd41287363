/// Terminal columns per grapheme cluster: East Asian wide and emoji take 2, combining marks 0,
/// control characters never reach a cell (see `UntrustedText`).
public enum TextWidth {
    public static func of(_ c: Character) -> Int {
        // ASCII needs no Unicode tables: printable is 1, control 0 ("\r\n" is one control grapheme).
        if let a = c.asciiValue { return a < 0x20 || a == 0x7F ? 0 : 1 }
        let scalars = c.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.value < 0x20 || (0x7F..<0xA0).contains(first.value) { return 0 }
        // A keycap or a text symbol turned emoji by VS16 is drawn wide.
        if scalars.contains(where: { $0.value == 0xFE0F }) && first.properties.isEmoji { return 2 }
        if first.properties.isEmojiPresentation { return 2 }
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
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        let v = s.value
        if v == 0x200B { return 0 }
        return isWide(v) ? 2 : 1
    }

    /// East Asian Wide and Fullwidth ranges (Unicode 15, abridged to what appears in prompts).
    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
             0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB,
             0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA,
             0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757,
             0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55,
             0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
             0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251, 0x1F300...0x1F64F,
             0x1F680...0x1F6FF, 0x1F7E0...0x1F7EB, 0x1F90C...0x1F9FF, 0x1FA70...0x1FAFF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
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
