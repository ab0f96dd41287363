/// A rectangle of cells, in columns and rows from the top left.
public struct Rect: Hashable, Sendable {
    public var x, y, width, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(0, width); self.height = max(0, height)
    }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    /// The rect less `n` cells on every side.
    public func inset(_ n: Int) -> Rect { Rect(x: x + n, y: y + n, width: width - 2 * n, height: height - 2 * n) }
    public func row(_ i: Int) -> Rect { Rect(x: x, y: y + i, width: width, height: 1) }
}

/// One cell. A wide character occupies its cell and a continuation cell to its right.
public struct Cell: Hashable, Sendable {
    public var text: String
    public var style: Style
    /// The right half of a wide character: the terminal draws nothing here.
    public var isContinuation: Bool

    public init(_ text: String = " ", style: Style = .plain, isContinuation: Bool = false) {
        self.text = text; self.style = style; self.isContinuation = isContinuation
    }
    public static let blank = Cell()
}

/// What a frame looks like: rendering writes into it, the terminal draws it, tests read it.
public struct Buffer: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Paints a rectangle's background.
    public mutating func fill(_ rect: Rect, style: Style) {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.maxX) { self[x, y] = Cell(" ", style: style) }
        }
    }

    /// Writes a string from (x, y), clipped to `limit` columns (default: the row's end); a wide
    /// character that would not fit whole is replaced by a space. Control characters are dropped.
    /// Returns the columns used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, limit: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let end = min(width, limit.map { x + max(0, $0) } ?? width)
        var col = x
        if TextWidth.asciiWidth(text) != nil {
            // Byte by byte: no grapheme breaking or width look-ups, and each cell's text is a
            // ready-made one-letter string.
            for b in text.utf8 where b >= 0x20 && b != 0x7F {
                if col >= end { return col - x }
                if col >= 0 { set(col, y, Cell(Self.asciiText[Int(b)], style: style)) }
                col += 1
            }
            return col - x
        }
        for c in text {
            let w = TextWidth.of(c)
            if w == 0 { continue }
            if col + w > end {
                if col < end { set(col, y, Cell(" ", style: style)) }
                return col - x + (col < end ? 1 : 0)
            }
            if col >= 0 {
                set(col, y, Cell(String(c), style: style))
                if w == 2 { set(col + 1, y, Cell("", style: style, isContinuation: true)) }
            }
            col += w
        }
        return col - x
    }

    /// One-letter strings for the ASCII bytes, made once.
    private static let asciiText: [String] = (0..<128).map { String(UnicodeScalar(UInt8($0))) }

    /// Sets one cell, mending any wide character it cuts in half.
    private mutating func set(_ x: Int, _ y: Int, _ cell: Cell) {
        let old = self[x, y]
        if old.isContinuation, x > 0 { self[x - 1, y].text = " " }
        // A wide character is at least 3 bytes of UTF-8: shorter text needs no width look-up.
        if !old.isContinuation, old.text.utf8.count >= 3, TextWidth.of(old.text) == 2, x + 1 < width, !cell.isContinuation {
            self[x + 1, y] = Cell(" ", style: self[x + 1, y].style)
        }
        self[x, y] = cell
    }

    /// Restyles cells without changing their text (selection bars).
    public mutating func restyle(_ rect: Rect, _ change: (inout Style) -> Void) {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.maxX) { change(&self[x, y].style) }
        }
    }

    /// The text of every row, trailing spaces kept: what a test compares.
    public var lines: [String] {
        (0..<height).map { y in
            var s = ""
            for x in 0..<width where !self[x, y].isContinuation { s += self[x, y].text }
            return s
        }
    }

    /// The rows as text with trailing spaces removed.
    public var text: String {
        lines.map { String($0.trimmingSuffixSpaces()) }.joined(separator: "\n")
    }
}
