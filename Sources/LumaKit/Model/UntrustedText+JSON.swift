/// JSON strings for `--json` and the state file: faithful to what the server said, yet safe to
/// `cat`. `JSONWriter`, the one writer, escapes through here.
extension UntrustedText {
    /// `text` as a JSON string literal, quotes included.
    public static func json(_ text: String) -> String {
        var bytes: [UInt8] = []
        appendJSON(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether JSON shows a character as `\uXXXX`: controls (which JSON forbids raw below U+0020),
    /// DEL, invisible characters, and U+2028/U+2029 (valid JSON raw, but they break JavaScript
    /// readers and end lines in some terminals).
    public static func escapesInJSON(_ s: Unicode.Scalar) -> Bool {
        isControl(s) || s.value == 0x2028 || s.value == 0x2029 || isInvisible(s)
    }

    /// Appends `text` as a JSON string literal. Quote, backslash, newline, return and tab get their
    /// short escapes; the rest of `escapesInJSON` gets `\uXXXX` (a surrogate pair above U+FFFF).
    /// Slashes stay as they are; everything else is its UTF-8 bytes.
    static func appendJSON(_ text: String, to bytes: inout [UInt8]) {
        let backslash = UInt8(ascii: "\\")
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var run = 0  // start of the bytes not written yet
            var i = 0
            while i < utf8.count {
                let b = utf8[i]
                let length = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
                var short: UInt8? = nil
                var scalar: Unicode.Scalar? = nil
                switch b {
                case UInt8(ascii: "\""), backslash: short = b
                case 0x0A: short = UInt8(ascii: "n")
                case 0x0D: short = UInt8(ascii: "r")
                case 0x09: short = UInt8(ascii: "t")
                case 0..<0x20, 0x7F: scalar = Unicode.Scalar(b)
                case 0x80...:
                    let s = decode(utf8, at: i, length: length)
                    if escapesInJSON(s) { scalar = s }
                default: break
                }
                if short != nil || scalar != nil {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<i]))
                    if let short { bytes.append(contentsOf: [backslash, short]) }
                    if let scalar { for unit in UTF16.encode(scalar)! { appendUnicodeEscape(unit, to: &bytes) } }
                    run = i + length
                }
                i += length
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// The scalar of a multi-byte sequence of valid UTF-8 (a String's own bytes always are).
    private static func decode(_ utf8: UnsafeBufferPointer<UInt8>, at i: Int, length: Int) -> Unicode.Scalar {
        var value = UInt32(utf8[i]) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length { value = value << 6 | UInt32(utf8[i + k] & 0x3F) }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    private static func appendUnicodeEscape(_ unit: UInt16, to bytes: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), hex[Int(unit >> 12)], hex[Int(unit >> 8 & 0xF)],
                                  hex[Int(unit >> 4 & 0xF)], hex[Int(unit & 0xF)]])
    }
}
