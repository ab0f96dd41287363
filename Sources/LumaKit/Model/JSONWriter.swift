/// JSON text appended byte by byte, the counterpart of `JSONReader`: no tree and no `Encodable`
/// machinery (Foundation's `JSONEncoder` built a tree of the whole state file before writing it).
/// Keys are written in the order given; the caller writes them sorted where that matters.
struct JSONWriter {
    var bytes: [UInt8] = []
    /// No comma before the next key or element: just after `{` or `[`.
    private var atStart = true

    mutating func beginObject() { bytes.append(UInt8(ascii: "{")); atStart = true }
    mutating func endObject() { bytes.append(UInt8(ascii: "}")); atStart = false }
    mutating func beginArray() { bytes.append(UInt8(ascii: "[")); atStart = true }
    mutating func endArray() { bytes.append(UInt8(ascii: "]")); atStart = false }

    /// `"name":`, after a comma unless first. Names are ours, plain ASCII: written as they are.
    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    /// Before an array element.
    mutating func separate() {
        if !atStart { bytes.append(UInt8(ascii: ",")) }
        atStart = false
    }

    mutating func int(_ value: Int) { bytes.append(contentsOf: String(value).utf8) }

    /// Swift's `description` is the shortest text that reads back to the same Double. Callers
    /// never pass infinity or NaN (JSON has no word for them).
    mutating func double(_ value: Double) { bytes.append(contentsOf: value.description.utf8) }

    /// A string, escaped: quote, backslash and the controls U+0000–U+001F (which JSON forbids
    /// raw), and U+2028/U+2029 (raw they are valid JSON but break JavaScript readers). Slashes
    /// stay as they are. Everything else is its UTF-8 bytes.
    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var run = 0  // start of the bytes not written yet
            var i = 0
            while i < utf8.count {
                let b = utf8[i]
                let escape: [UInt8]?
                switch b {
                case UInt8(ascii: "\""): escape = [UInt8(ascii: "\\"), b]
                case UInt8(ascii: "\\"): escape = [UInt8(ascii: "\\"), b]
                case 0x0A: escape = [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case 0x0D: escape = [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                case 0x09: escape = [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                case 0..<0x20: escape = Self.unicodeEscape(UInt16(b))
                // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
                case 0xE2 where i + 2 < utf8.count && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9):
                    escape = Self.unicodeEscape(0x2000 | UInt16(utf8[i + 2] - 0xA8 + 0x28))
                default: escape = nil
                }
                guard let escape else { i += 1; continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<i]))
                bytes.append(contentsOf: escape)
                i += b == 0xE2 ? 3 : 1
                run = i
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func unicodeEscape(_ unit: UInt16) -> [UInt8] {
        let hex = Array("0123456789abcdef".utf8)
        return [UInt8(ascii: "\\"), UInt8(ascii: "u"), hex[Int(unit >> 12)], hex[Int(unit >> 8 & 0xF)],
                hex[Int(unit >> 4 & 0xF)], hex[Int(unit & 0xF)]]
    }
}
