import Testing
@testable import LumaUI

/// Detection against scripted terminals: what each answers to the start-up queries, fed to the
/// probe as it would arrive.
@Suite struct PreviewDetectionTests {
    static let esc = "\u{1B}"
    static let kittyOK = "\(esc)_Gi=31;OK\(esc)\\"
    static func version(_ name: String) -> String { "\(esc)P>|\(name)\(esc)\\" }
    static func da1(_ attributes: String) -> String { "\(esc)[?\(attributes)c" }
    static let cell = "\(esc)[6;20;10t"

    /// Runs a probe against answers for each round (nil: that round's answers never come), the way
    /// the runtime does, reading `split` bytes at a time; returns the probe and what was written.
    func run(_ rounds: [String?], hints: TerminalHints = TerminalHints(), split: Int = 1_000) -> (TerminalProbe, [String]) {
        var probe = TerminalProbe(hints: hints)
        var written = [probe.queries]
        for answer in rounds {
            guard let answer else { break }
            let bytes = Array(answer.utf8)
            var sent: String?
            for start in stride(from: 0, to: bytes.count, by: split) {
                if let next = probe.receive(bytes[start..<min(bytes.count, start + split)]) { sent = next }
            }
            guard let sent else { break }
            written.append(sent)
        }
        return (probe, written)
    }

    func choose(_ probe: TerminalProbe, _ request: PreviewRequest = .auto) -> PreviewMode {
        PreviewMode.choose(request, probe: probe.result, hints: probe.hints)
    }

    @Test func theQueriesEndWithDA1() {
        let probe = TerminalProbe(hints: TerminalHints())
        #expect(probe.queries == "\(Self.esc)_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\(Self.esc)\\\(Self.esc)[>0q\(Self.esc)[16t\(Self.esc)[c")
    }

    @Test func kitty() {
        let (probe, written) = run([Self.kittyOK + Self.version("kitty(0.35.2)") + Self.cell + Self.da1("62;c")])
        #expect(probe.isFinished && written.count == 1)
        #expect(probe.result.direct == TerminalAnswers(kittyGraphics: true, deviceAttributes: [62], version: "kitty(0.35.2)",
                                                       cellSize: CellSize(width: 10, height: 20)))
        #expect(choose(probe) == .kitty)
    }

    @Test func footDrawsSixelOnly() {
        let (probe, _) = run([Self.version("foot(1.16.2)") + Self.da1("62;4;22")])
        #expect(probe.isFinished && probe.result.direct.sixel && probe.result.direct.kittyGraphics == nil)
        #expect(choose(probe) == .sixel)
    }

    @Test func xtermWithoutSixelGetsCells() {
        let (probe, _) = run([Self.version("XTerm(390)") + Self.da1("64;1;2;6;9;15;16;17;18;21;22;28")])
        #expect(probe.isFinished && choose(probe) == .cells)
    }

    @Test func iterm2ByName() {
        let (probe, _) = run([Self.version("iTerm2 3.5.0") + Self.da1("62;22")])
        #expect(choose(probe) == .iterm)
        // Or by the environment, once the terminal has answered at all.
        let (plain, _) = run([Self.da1("62;22")], hints: TerminalHints(termProgram: "iTerm.app"))
        #expect(choose(plain) == .iterm)
        // Saying sixel too, sixel comes first.
        let (both, _) = run([Self.version("iTerm2 3.5.0") + Self.da1("62;4")])
        #expect(choose(both) == .sixel)
    }

    @Test func weztermAnswersKittyButDrawsNoPlaceholders() {
        let (probe, _) = run([Self.kittyOK + Self.version("WezTerm 20240203") + Self.da1("65;4;6;18;22")])
        #expect(choose(probe) == .sixel)
    }

    @Test func aTerminalAnsweringOnlyDA1GetsCells() {
        let (probe, _) = run([Self.da1("1;2")])
        #expect(probe.isFinished && choose(probe) == .cells)
    }

    @Test func silenceGetsCellsWhateverTheEnvironmentSays() {
        let hints = TerminalHints(term: "xterm-kitty", termProgram: "iTerm.app", kittyWindowID: "1")
        let (probe, _) = run([nil], hints: hints)
        #expect(!probe.isFinished && probe.result.direct.isEmpty)
        #expect(choose(probe) == .cells)
        // A forced mode wins even so.
        #expect(choose(probe, .forced(.kitty)) == .kitty && choose(probe, .forced(.off)) == .off)
    }

    @Test func aKittyErrorIsNoKitty() {
        let (probe, _) = run(["\(Self.esc)_Gi=31;ENOTSUPPORTED:no\(Self.esc)\\" + Self.da1("62")])
        #expect(probe.result.direct.kittyGraphics == false && choose(probe) == .cells)
    }

    @Test func answersSplitAcrossReadsWithKeysBetween() {
        let answer = Self.cell + "j" + Self.kittyOK + "\(Self.esc)[A" + Self.version("kitty(0.35.2)") + "k" + Self.da1("62;4")
        for split in [1, 2, 3, 7] {
            let (probe, _) = run([answer], split: split)
            #expect(probe.isFinished, "split \(split)")
            #expect(probe.result.direct == TerminalAnswers(kittyGraphics: true, deviceAttributes: [62, 4], version: "kitty(0.35.2)",
                                                           cellSize: CellSize(width: 10, height: 20)), "split \(split)")
            #expect(probe.otherInput == Array("j\(Self.esc)[Ak".utf8), "split \(split)")
            #expect(choose(probe) == .kitty)
        }
    }

    @Test func noiseDoesNotStall() {
        var parser = TerminalAnswerParser()
        // An unterminated DCS that runs on is given up; a broken CSI is noise, and what follows counts.
        parser.feed(Array("\(Self.esc)P".utf8) + Array(repeating: UInt8(ascii: "x"), count: 5_000))
        parser.feed(Array("\(Self.esc)[12\u{01}\(Self.esc)Ox".utf8) + Array(Self.da1("1;4").utf8))
        #expect(parser.answers.deviceAttributes == [1, 4])
        #expect(parser.other.count == 5_002 + 4 + 1 + 3)
    }

    @Test func insideTmuxTheKittyQueryGoesThroughPassthrough() {
        // Over SSH `TMUX` is unset: tmux's XTVERSION answer tells.
        let (probe, written) = run([Self.version("tmux 3.4") + Self.da1("1;2"),
                                    Self.kittyOK + Self.version("kitty(0.35.2)") + Self.cell + Self.da1("62;c")])
        #expect(written.count == 2 && written[1] == TerminalProbe.outerQueries)
        #expect(written[1].hasPrefix("\(Self.esc)Ptmux;\(Self.esc)\(Self.esc)_Gi=31,"))
        #expect(probe.isFinished && probe.inTmux)
        #expect(probe.result.outer?.kittyGraphics == true && probe.result.direct.cellSize == nil)
        #expect(probe.result.cellSize == CellSize(width: 10, height: 20), "tmux did not tell, the outer terminal did")
        #expect(choose(probe) == .kitty)
    }

    @Test func insideTmuxWithoutPassthroughGetsCells() {
        let hints = TerminalHints(term: "tmux-256color", termProgram: "tmux", tmux: "/tmp/tmux-1000/default,1,0")
        let (probe, written) = run([Self.da1("1;2"), nil], hints: hints)
        #expect(written.count == 2 && !probe.isFinished)
        #expect(choose(probe) == .cells)
        // A direct kitty answer from tmux's own terminal does not count inside tmux.
        let (direct, _) = run([Self.kittyOK + Self.da1("1;2"), nil], hints: hints)
        #expect(choose(direct) == .cells)
    }

    @Test func insideTmuxSixelIsTmuxsOwn() {
        let hints = TerminalHints(tmux: "/tmp/tmux-1000/default,1,0")
        let (probe, _) = run([Self.version("tmux 3.4") + Self.da1("1;2;4"), Self.version("foot(1.16.2)") + Self.da1("62;4")], hints: hints)
        #expect(choose(probe) == .sixel)
        let (noSixel, _) = run([Self.version("tmux 3.4") + Self.da1("1;2"), Self.version("foot(1.16.2)") + Self.da1("62;4")], hints: hints)
        #expect(choose(noSixel) == .cells)
    }

    @Test func noColourKeepsCells() {
        let (probe, _) = run([Self.kittyOK + Self.da1("62;4")], hints: TerminalHints(colorMode: .none))
        #expect(choose(probe) == .cells)
    }
}
