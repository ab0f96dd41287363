/// JSON text appended byte by byte, the counterpart of `JSONReader`: no tree and no `Encodable`
/// machinery (Foundation's `JSONEncoder` built a tree of the whole state file before writing it).
/// Keys are written in the order given; the caller writes them sorted where that matters. The one
/// writer of everything lumatop prints or keeps as JSON.
struct JSONWriter {
    var bytes: [UInt8] = []
    /// The text written so far.
    var text: String { String(decoding: bytes, as: UTF8.self) }
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

    /// A key that is not a literal of ours, escaped as any string.
    mutating func key(_ name: String) {
        separate()
        string(name)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Before an array element.
    mutating func separate() {
        if !atStart { bytes.append(UInt8(ascii: ",")) }
        atStart = false
    }

    mutating func int(_ value: Int) { bytes.append(contentsOf: String(value).utf8) }

    mutating func null() { bytes.append(contentsOf: "null".utf8) }

    mutating func bool(_ value: Bool) { bytes.append(contentsOf: (value ? "true" : "false").utf8) }

    /// Swift's `description` is the shortest text that reads back to the same Double. Callers
    /// never pass infinity or NaN (JSON has no word for them).
    mutating func double(_ value: Double) { bytes.append(contentsOf: value.description.utf8) }

    /// A number from outside: null when JSON has no word for it.
    mutating func number(_ value: Double) { if value.isFinite { double(value) } else { null() } }

    mutating func string(_ value: String?) { if let value { string(value) } else { null() } }

    /// A string, escaped as all of lumatop's JSON is (see `UntrustedText.appendJSON`).
    mutating func string(_ value: String) { UntrustedText.appendJSON(value, to: &bytes) }
}
