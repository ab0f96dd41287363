/// Text from the server or from a file is untrusted. This is the one place that decides what of it
/// may reach an output:
/// - on a terminal (`line`, `block`): whole escape sequences (CSI, OSC, DCS and two-byte ESC
///   forms), C0 and C1 controls and DEL are removed; invisible characters that reorder or hide
///   text (bidi overrides and isolates, zero-width characters, other format characters) are
///   shown as a marker such as `<U+202E>`, so a reader sees that something odd is there;
/// - in JSON (`json`): every character is kept, controls and invisible ones as `\uXXXX`.
public enum UntrustedText {
    /// For one line: tabs and newlines become spaces.
    public static func line(_ text: String) -> String {
        clean(text, keepNewlines: false)
    }

    /// For wrapped text: newlines stay (at most one blank line in a row), tabs become spaces.
    public static func block(_ text: String) -> String {
        clean(text, keepNewlines: true)
    }

    /// Characters drawn as nothing that still change what a reader sees: bidi controls, zero-width
    /// characters, the soft hyphen, fillers, tags (Unicode's format characters and default
    /// ignorables). Variation selectors are kept: they only choose a glyph's form (emoji, CJK).
    public static func isInvisible(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        // The common ranges (ASCII, Latin, symbols, CJK, Hangul) hold none: no table look-up there.
        if v < 0xAD || (0x2070..<0x3164).contains(v) || (0x3165..<0xFE00).contains(v) { return false }
        switch v {
        case 0x180B...0x180D, 0x180F, 0xFE00...0xFE0F, 0xE0100...0xE01EF: return false
        default: return s.properties.generalCategory == .format || s.properties.isDefaultIgnorableCodePoint
        }
    }

    /// C0 and C1 controls and DEL.
    public static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F..<0xA0).contains(s.value)
    }

    /// How an invisible character shows on a terminal: `<U+202E>`.
    public static func marker(_ s: Unicode.Scalar) -> String {
        let hex = String(s.value, radix: 16, uppercase: true)
        return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }

    static func clean(_ text: String, keepNewlines: Bool) -> String {
        // Most text is plain printable ASCII: nothing to do.
        if text.utf8.allSatisfy({ (0x20..<0x7F).contains($0) }) { return text }
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func nextScalar() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return scalars.next()
        }
        var newlines = 0  // written in a row, with nothing visible between them
        while let s = nextScalar() {
            switch s.value {
            case 0x0A, 0x0D, 0x2028, 0x2029:
                if s.value == 0x0D, let n = nextScalar(), n != "\n" { pending = n }  // CR LF is one break
                if !keepNewlines { out.append(" ") } else if newlines < 2 { out.append("\n"); newlines += 1 }
            case 0x1B: skipEscape(&scalars, pending: &pending)
            case 0x9B: skipUntilFinal(&scalars)              // C1 CSI
            case 0x9D, 0x90, 0x98, 0x9E, 0x9F: skipString(&scalars) // C1 OSC, DCS, SOS, PM, APC
            case 0x09: out.append(" "); newlines = 0
            case 0..<0x20, 0x7F..<0xA0: break
            case _ where isInvisible(s): out.append(contentsOf: marker(s).unicodeScalars); newlines = 0
            default: out.append(s); newlines = 0
            }
        }
        return String(out)
    }

    private static func skipEscape(_ it: inout String.UnicodeScalarView.Iterator, pending: inout Unicode.Scalar?) {
        guard let next = it.next() else { return }
        switch next {
        case "[": skipUntilFinal(&it)
        case "]", "P", "X", "^", "_": skipString(&it)
        case _ where (0x20...0x2F).contains(next.value):
            // ESC with intermediates (e.g. ESC ( B): up to and including the final byte.
            while let c = it.next(), (0x20...0x2F).contains(c.value) {}
        case _ where next.value < 0x20 || next.value == 0x1B:
            pending = next // a lone ESC before another control: handle that one normally
        default: break // two-byte form, dropped whole
        }
    }

    /// CSI parameters and intermediates, up to and including the final byte (0x40–0x7E).
    private static func skipUntilFinal(_ it: inout String.UnicodeScalarView.Iterator) {
        while let c = it.next() {
            if (0x40...0x7E).contains(c.value) || c.value < 0x20 { return }
        }
    }

    /// OSC/DCS strings, up to BEL or ST (ESC \ or 0x9C).
    private static func skipString(_ it: inout String.UnicodeScalarView.Iterator) {
        var sawEscape = false
        while let c = it.next() {
            if c.value == 0x07 || c.value == 0x9C { return }
            if sawEscape && c == "\\" { return }
            sawEscape = c.value == 0x1B
        }
    }
}
