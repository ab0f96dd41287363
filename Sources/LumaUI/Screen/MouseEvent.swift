/// A mouse button pressed or released, or the wheel turned, where the pointer was.
public struct MouseEvent: Hashable, Sendable {
    public enum Button: Hashable, Sendable { case left, middle, right, wheelUp, wheelDown }
    /// The wheel reports presses only. `drag`: moved with a button held (reported only when the
    /// terminal is asked for motion).
    public enum Phase: Hashable, Sendable { case press, release, drag }

    public struct Modifiers: OptionSet, Hashable, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let shift = Modifiers(rawValue: 1)
        public static let alt = Modifiers(rawValue: 2)
        public static let control = Modifiers(rawValue: 4)
    }

    public var button: Button
    public var phase: Phase
    /// Zero-based, from the top left cell.
    public var column: Int
    public var row: Int
    public var modifiers: Modifiers = []

    public init(_ button: Button, _ phase: Phase = .press, column: Int, row: Int, modifiers: Modifiers = []) {
        self.button = button; self.phase = phase; self.column = column; self.row = row; self.modifiers = modifiers
    }
}

/// The terminal's SGR mouse reports (mode 1006): `ESC [ < b ; x ; y M` for a press, `m` for a
/// release. They come from outside: anything malformed is nothing, never a crash.
public enum SGRMouse {
    /// What the terminal sends first; ncurses is taught it as one key code, the rest is read here.
    public static let prefix = "\u{1B}[<"
    /// Press and release of every button and the wheel (1000), reported as SGR (1006). Motion is
    /// not asked for: nothing here uses it.
    public static let enable = "\u{1B}[?1000h\u{1B}[?1006h"
    public static let disable = "\u{1B}[?1006l\u{1B}[?1000l"
    /// A body longer than this is not a report (three numbers of at most five digits, two `;`, the end).
    static let longestBody = 18
    /// The largest coordinate taken; more is absurd for a terminal and refused.
    static let largestNumber = 99_999

    /// Decodes a whole report, prefix included; nil for anything else.
    public static func decode<Bytes: Collection<UInt8>>(_ sequence: Bytes) -> MouseEvent? {
        let prefix = Array(Self.prefix.utf8)
        guard sequence.starts(with: prefix) else { return nil }
        return decode(body: Array(sequence.dropFirst(prefix.count)))
    }

    /// Decodes what follows the prefix: `b;x;y` and `M` or `m`.
    public static func decode(body: [UInt8]) -> MouseEvent? {
        guard body.count <= longestBody, let last = body.last, last == UInt8(ascii: "M") || last == UInt8(ascii: "m") else {
            return nil
        }
        let fields = body.dropLast().split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
        guard fields.count == 3 else { return nil }
        var numbers: [Int] = []
        for field in fields {
            guard !field.isEmpty, field.count <= 5, field.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                return nil
            }
            let n = field.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            guard n <= largestNumber else { return nil }
            numbers.append(n)
        }
        let (code, x, y) = (numbers[0], numbers[1], numbers[2])
        // Coordinates count from 1.
        guard x >= 1, y >= 1 else { return nil }
        var modifiers: MouseEvent.Modifiers = []
        if code & 4 != 0 { modifiers.insert(.shift) }
        if code & 8 != 0 { modifiers.insert(.alt) }
        if code & 16 != 0 { modifiers.insert(.control) }
        let button: MouseEvent.Button
        // Bits 64 and 128 choose the wheel and the extra buttons; the low two bits which one.
        switch (code & 0b1100_0000, code & 3) {
        case (0, 0): button = .left
        case (0, 1): button = .middle
        case (0, 2): button = .right
        case (64, 0): button = .wheelUp
        case (64, 1): button = .wheelDown
        default: return nil  // no button (plain motion), sideways wheel, extra buttons: unused
        }
        let isWheel = code & 64 != 0
        let phase: MouseEvent.Phase = last == UInt8(ascii: "m") ? .release : code & 32 != 0 ? .drag : .press
        if isWheel && phase != .press { return nil }
        return MouseEvent(button, phase, column: x - 1, row: y - 1, modifiers: modifiers)
    }

    /// Gathers a report's body one character at a time, after the prefix came as a key code.
    public struct Body: Sendable {
        private var bytes: [UInt8] = []
        /// Longer than any report: the rest is swallowed up to its end, and the whole is nothing.
        private var overlong = false
        public init() {}

        public enum Step: Equatable, Sendable {
            /// Part of the report: feed the next character.
            case more
            /// The report ended; nil when it was malformed.
            case done(MouseEvent?)
            /// Not part of a report: the report is dropped and this character is a key as usual.
            case notMine
        }

        public mutating func feed(_ value: UInt32) -> Step {
            let isDigit = value >= 0x30 && value <= 0x39
            if value == 0x4D || value == 0x6D {  // M, m
                bytes.append(UInt8(value))
                return .done(overlong ? nil : SGRMouse.decode(body: bytes))
            }
            guard isDigit || value == 0x3B else { return .notMine }
            if bytes.count < SGRMouse.longestBody { bytes.append(UInt8(value)) } else { overlong = true }
            return .more
        }
    }
}
