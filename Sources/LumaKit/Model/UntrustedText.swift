/// Text from the server is untrusted: an escape sequence in a prompt must print as harmless
/// characters and never reach a terminal. This removes whole escape sequences (CSI, OSC, DCS and
/// two-byte ESC forms), C0 and C1 controls and DEL.
public enum UntrustedText {
    /// For one line: tabs and newlines become spaces.
    public static func line(_ text: String) -> String {
        clean(text, keepNewlines: false)
    }

    /// For wrapped text: newlines stay, tabs become spaces.
    public static func block(_ text: String) -> String {
        clean(text, keepNewlines: true)
    }

    static func clean(_ text: String, keepNewlines: Bool) -> String {
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func nextScalar() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return scalars.next()
        }
        while let s = nextScalar() {
            switch s.value {
            case 0x1B: skipEscape(&scalars, pending: &pending)
            case 0x9B: skipUntilFinal(&scalars)              // C1 CSI
            case 0x9D, 0x90, 0x98, 0x9E, 0x9F: skipString(&scalars) // C1 OSC, DCS, SOS, PM, APC
            case 0x0A, 0x0D: out.append(keepNewlines ? "\n" : " ")
            case 0x09: out.append(" ")
            case 0..<0x20, 0x7F..<0xA0: break
            default: out.append(s)
            }
        }
        var result = String(out)
        if keepNewlines { result = result.replacingOccurrences(of: "\n\n\n", with: "\n\n") }
        return result
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
