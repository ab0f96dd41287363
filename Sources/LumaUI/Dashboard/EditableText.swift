import LumaKit

/// The text of one field of the new-generation form, with its cursor. The prompt is multi-line
/// (a pasted newline stays; the view wraps it); a URL field is one line.
public struct EditableText: Hashable, Sendable {
    public private(set) var text: String
    /// In characters.
    public private(set) var cursor: Int
    public let multiline: Bool

    /// More than the longest prompt a service takes, so that validation, not the editor, says so.
    static let limit = GenerationOrder.maxPromptCharacters * 2

    public init(_ text: String = "", multiline: Bool) {
        self.multiline = multiline
        self.text = ""
        cursor = 0
        insert(text)
    }

    /// `text` with the cursor at `cursor` (the `a` and `/` lines keep their own).
    init(_ text: String, cursor: Int, multiline: Bool) {
        self.init(text, multiline: multiline)
        self.cursor = min(max(0, cursor), self.text.count)
    }

    /// Puts text at the cursor (a paste, or a value the form starts with), cleaned of escapes and
    /// controls; a one-line field turns newlines into spaces.
    mutating func insert(_ more: String) {
        let clean = multiline ? UntrustedText.block(more) : UntrustedText.line(more)
        var chars = Array(text)
        let added = Array(clean.prefix(max(0, Self.limit - chars.count)))
        let at = min(cursor, chars.count)
        chars.insert(contentsOf: added, at: at)
        set(chars, cursor: at + added.count)
    }

    /// Returns false for keys it does not handle.
    mutating func edit(_ key: Key) -> Bool {
        var chars = Array(text)
        var at = min(cursor, chars.count)
        switch key {
        case .char(let c) where !c.isNewline:
            guard chars.count < Self.limit else { return true }
            chars.insert(c, at: at); at += 1
        case .backspace:
            if at > 0 { chars.remove(at: at - 1); at -= 1 }
        case .delete:
            if at < chars.count { chars.remove(at: at) }
        case .left: at = max(0, at - 1)
        case .right: at = min(chars.count, at + 1)
        case .home, .ctrl("a"): at = lineStart(chars, at)
        case .end, .ctrl("e"): at = chars[at...].firstIndex(of: "\n") ?? chars.count
        case .ctrl("u"):
            let start = lineStart(chars, at)
            chars.removeSubrange(start..<at); at = start
        case .ctrl("w"):
            // Back over spaces, then over the word before them.
            var start = at
            while start > 0, chars[start - 1] == " " { start -= 1 }
            while start > 0, chars[start - 1] != " ", chars[start - 1] != "\n" { start -= 1 }
            chars.removeSubrange(start..<at); at = start
        default: return false
        }
        set(chars, cursor: at)
        return true
    }

    private func lineStart(_ chars: [Character], _ at: Int) -> Int {
        chars[..<at].lastIndex(of: "\n").map { $0 + 1 } ?? 0
    }

    /// Joining characters can merge them into fewer (a typed emoji sequence): the cursor stays
    /// within the text.
    private mutating func set(_ chars: [Character], cursor at: Int) {
        text = String(chars)
        cursor = min(at, text.count)
    }

    /// The screen lines of the text wrapped to `width` columns, as ranges of characters: at the
    /// last space that fits, else anywhere (CJK, a long URL). A newline ends a line and belongs to
    /// none.
    public static func lines(_ chars: [Character], width: Int) -> [Range<Int>] {
        let width = max(2, width)
        var lines: [Range<Int>] = []
        var start = 0, i = 0, used = 0
        var lastSpace: Int?
        while i < chars.count {
            let c = chars[i]
            if c == "\n" {
                lines.append(start..<i)
                start = i + 1; i = start; used = 0; lastSpace = nil
                continue
            }
            let w = TextWidth.of(c)
            if used + w > width, i > start {
                let end = lastSpace.map { $0 + 1 } ?? i
                lines.append(start..<end)
                start = end; i = start; used = 0; lastSpace = nil
                continue
            }
            if c == " " { lastSpace = i }
            used += w; i += 1
        }
        lines.append(start..<chars.count)
        return lines
    }

    /// Where the cursor shows among `lines(width:)`: the line and the column in it.
    public func cursorPlace(width: Int) -> (line: Int, column: Int) {
        let chars = Array(text)
        let lines = Self.lines(chars, width: width)
        let at = min(cursor, chars.count)
        let line = lines.lastIndex { $0.lowerBound <= at } ?? 0
        return (line, TextWidth.of(String(chars[lines[line].lowerBound..<at])))
    }
}
