import LumaKit

/// What a terminal answered to the start-up queries. Nil or false is "did not say".
public struct TerminalAnswers: Hashable, Sendable {
    /// The kitty graphics query: true when answered `OK`, false when answered with an error.
    public var kittyGraphics: Bool?
    /// DA1's attributes (`CSI ? 62 ; 4 ; 22 c`); set once DA1 is answered.
    public var deviceAttributes: [Int]?
    /// XTVERSION's name and version, e.g. "kitty(0.35.2)", "tmux 3.4", cleaned.
    public var version: String?
    public var cellSize: CellSize?

    public init(kittyGraphics: Bool? = nil, deviceAttributes: [Int]? = nil, version: String? = nil, cellSize: CellSize? = nil) {
        self.kittyGraphics = kittyGraphics; self.deviceAttributes = deviceAttributes
        self.version = version; self.cellSize = cellSize
    }

    /// DA1 is answered by every terminal and asked last, so its answer ends the wait.
    public var sawDeviceAttributes: Bool { deviceAttributes != nil }
    /// DA1 attribute 4: sixel graphics.
    public var sixel: Bool { deviceAttributes?.contains(4) == true }
    public var isEmpty: Bool { self == TerminalAnswers() }
}

/// Reads the terminal's answers out of whatever bytes come back: in any order, split anywhere,
/// mixed with keys typed meanwhile. Bytes that are not an answer are kept in `other`, in order.
public struct TerminalAnswerParser: Sendable {
    public private(set) var answers = TerminalAnswers()
    public private(set) var other: [UInt8] = []
    private var pending: [UInt8] = []

    /// An unterminated string longer than this is noise, not an answer to wait for.
    static let longest = 4096
    static let esc: UInt8 = 0x1B, bel: UInt8 = 0x07

    public init() {}

    public mutating func feed(_ bytes: some Sequence<UInt8>) {
        pending.append(contentsOf: bytes)
        var i = 0
        while i < pending.count {
            guard pending[i] == Self.esc else { other.append(pending[i]); i += 1; continue }
            guard i + 1 < pending.count else { break }
            switch pending[i + 1] {
            case UInt8(ascii: "["):
                guard let end = csiEnd(from: i + 2) else { break }
                guard (0x40...0x7E).contains(pending[end]) else {
                    // Broken off by a byte no CSI has: noise up to it, which is read afresh.
                    other += pending[i..<end]; i = end; continue
                }
                if !csi(pending[(i + 2)..<end], final: pending[end]) { other += pending[i...end] }
                i = end + 1; continue
            case UInt8(ascii: "_"), UInt8(ascii: "P"), UInt8(ascii: "]"):
                guard let (body, next) = stringEnd(from: i + 2) else { break }
                if next > body { string(kind: pending[i + 1], pending[(i + 2)..<body]) }
                i = next; continue
            default:
                other += pending[i...(i + 1)]
                i += 2; continue
            }
            // An unfinished sequence: wait for more bytes, unless it has run on too long.
            if pending.count - i > Self.longest { other += pending[i...]; i = pending.count }
            break
        }
        pending.removeFirst(i)
    }

    /// The index of the first byte after a CSI's parameters (its final byte, if well formed), nil
    /// while it is not yet all here.
    private func csiEnd(from start: Int) -> Int? {
        var j = start
        while j < pending.count, (0x20...0x3F).contains(pending[j]) { j += 1 }
        return j < pending.count ? j : nil
    }

    /// Where a string sequence's body ends and what follows its terminator (ST or BEL); an ESC not
    /// followed by `\` ends it unterminated. Nil while it is not yet all here.
    private func stringEnd(from start: Int) -> (Int, Int)? {
        var j = start
        while j < pending.count {
            if pending[j] == Self.bel { return (j, j + 1) }
            if pending[j] == Self.esc {
                guard j + 1 < pending.count else { return nil }
                return pending[j + 1] == UInt8(ascii: "\\") ? (j, j + 2) : (j, j)
            }
            j += 1
        }
        return nil
    }

    /// DA1 (`? … c`) and the cell size (`6 ; h ; w t`); false for any other CSI (a key).
    private mutating func csi(_ params: ArraySlice<UInt8>, final: UInt8) -> Bool {
        let text = String(decoding: params, as: UTF8.self)
        if final == UInt8(ascii: "c"), text.hasPrefix("?") {
            answers.deviceAttributes = text.dropFirst().split(separator: ";").compactMap { Int($0) }
            return true
        }
        if final == UInt8(ascii: "t") {
            let n = text.split(separator: ";").map { Int($0) }
            if n.count == 3, n[0] == 6, let h = n[1], let w = n[2], w > 0, h > 0, w < 10_000, h < 10_000 {
                answers.cellSize = CellSize(width: w, height: h)
                return true
            }
        }
        return false
    }

    /// The kitty graphics answer (`_G i=31 ; OK`) and XTVERSION (`P >| name`); others are ignored.
    private mutating func string(kind: UInt8, _ body: ArraySlice<UInt8>) {
        let text = String(decoding: body, as: UTF8.self)
        if kind == UInt8(ascii: "_"), text.hasPrefix("G") {
            let parts = text.dropFirst().split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
            let keys = parts[0].split(separator: ",")
            if keys.contains("i=\(TerminalProbe.kittyQueryID)") {
                answers.kittyGraphics = parts.count > 1 && parts[1] == "OK"
            }
        } else if kind == UInt8(ascii: "P"), text.hasPrefix(">|") {
            answers.version = String(UntrustedText.line(String(text.dropFirst(2))).prefix(100))
        }
    }
}
