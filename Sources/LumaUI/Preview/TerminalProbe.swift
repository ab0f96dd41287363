import LumaKit

/// What the environment says about the terminal: hints only. A variable can be inherited by a
/// program in another terminal (over SSH, inside tmux), so none alone turns on kitty or sixel.
public struct TerminalHints: Hashable, Sendable {
    public var term: String?
    public var termProgram: String?
    public var lcTerminal: String?
    public var kittyWindowID: String?
    public var tmux: String?
    public var colorTerm: String?
    public var colorMode: ColorMode

    public init(term: String? = nil, termProgram: String? = nil, lcTerminal: String? = nil, kittyWindowID: String? = nil,
                tmux: String? = nil, colorTerm: String? = nil, colorMode: ColorMode = .truecolor) {
        self.term = term; self.termProgram = termProgram; self.lcTerminal = lcTerminal
        self.kittyWindowID = kittyWindowID; self.tmux = tmux; self.colorTerm = colorTerm; self.colorMode = colorMode
    }

    /// From a process environment (`ProcessInfo.processInfo.environment`).
    public init(environment: [String: String], colorMode: ColorMode) {
        self.init(term: environment["TERM"], termProgram: environment["TERM_PROGRAM"], lcTerminal: environment["LC_TERMINAL"],
                  kittyWindowID: environment["KITTY_WINDOW_ID"], tmux: environment["TMUX"],
                  colorTerm: environment["COLORTERM"], colorMode: colorMode)
    }

    /// Run inside tmux, as far as the environment tells.
    var saysTmux: Bool { !(tmux ?? "").isEmpty || (term ?? "").hasPrefix("tmux") }
}

/// The start-up conversation with the terminal, pure: the runtime writes `queries`, feeds every
/// byte read to `receive` (writing what it returns), and stops at `isFinished` or its deadline.
///
/// Directly, the terminal answers all. Inside tmux (known from the environment, or from tmux
/// answering XTVERSION, which it does even over SSH where `TMUX` is not set) a second round goes
/// through passthrough to the outer terminal: the graphics query, XTVERSION, the cell size and DA1. The outer
/// terminal answers in order, so its DA1 still comes last, while tmux's own would come first.
public struct TerminalProbe: Sendable {
    /// The id of the kitty graphics query, which its answer repeats.
    public static let kittyQueryID = 31
    static let esc = "\u{1B}"
    /// A one-pixel RGB image to query, not to show (`a=q`).
    static let kittyQuery = "\(esc)_Gi=\(kittyQueryID),s=1,v=1,a=q,t=d,f=24;AAAA\(esc)\\"
    static let xtversion = "\(esc)[>0q"
    static let cellSize = "\(esc)[16t"
    static let deviceAttributes = "\(esc)[c"

    public let hints: TerminalHints
    /// The answers of the terminal lumatop writes to (tmux itself, inside tmux).
    public private(set) var direct = TerminalAnswerParser()
    /// The outer terminal's answers through tmux; nil unless the second round was sent.
    public private(set) var outer: TerminalAnswerParser?
    public private(set) var isFinished = false

    public init(hints: TerminalHints) { self.hints = hints }

    /// The first round, DA1 last.
    public var queries: String { Self.kittyQuery + Self.xtversion + Self.cellSize + Self.deviceAttributes }

    /// The second round, each query wrapped for tmux's passthrough.
    public static var outerQueries: String {
        [kittyQuery, xtversion, cellSize, deviceAttributes].map(TerminalSequence.tmuxPassthrough).joined()
    }

    /// Takes bytes read from the terminal; returns bytes to write next, if any. Once finished it
    /// takes no more: later bytes are input for the key decoder, as are `otherInput`.
    public mutating func receive(_ bytes: some Sequence<UInt8>) -> String? {
        guard !isFinished else { return nil }
        if outer != nil {
            outer!.feed(bytes)
            isFinished = outer!.answers.sawDeviceAttributes
            return nil
        }
        direct.feed(bytes)
        guard direct.answers.sawDeviceAttributes else { return nil }
        guard inTmux else { isFinished = true; return nil }
        outer = TerminalAnswerParser()
        return Self.outerQueries
    }

    /// Inside tmux, as tmux's answer or the environment tells.
    public var inTmux: Bool { hints.saysTmux || (direct.answers.version ?? "").hasPrefix("tmux") }

    /// What the probe learnt, for `PreviewMode.choose`.
    public var result: ProbeResult { ProbeResult(direct: direct.answers, outer: outer?.answers, inTmux: inTmux) }

    /// Bytes read that were no answer (keys typed during the probe), to hand to the key decoder.
    public var otherInput: [UInt8] { direct.other + (outer?.other ?? []) }
}

/// The answers of a probe, finished or cut short by its deadline.
public struct ProbeResult: Hashable, Sendable {
    public var direct: TerminalAnswers
    public var outer: TerminalAnswers?
    public var inTmux: Bool

    public init(direct: TerminalAnswers = .init(), outer: TerminalAnswers? = nil, inTmux: Bool = false) {
        self.direct = direct; self.outer = outer; self.inTmux = inTmux
    }

    /// The cell size in pixels, as the terminal or else the outer one told; nil when neither did
    /// (`PreviewFit` then assumes one).
    public var cellSize: CellSize? { direct.cellSize ?? outer?.cellSize }
}
