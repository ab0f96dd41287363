/// Which mode previews use, chosen once at start from the user's request and the terminal's answers.
extension PreviewMode {
    /// A forced mode wins. `auto` takes the best the terminal said it can do: kitty when it answered
    /// the graphics query OK (and draws Unicode placeholders), sixel when DA1 lists 4, iTerm2 images
    /// when the terminal names itself iTerm2 or WezTerm; else cells. A terminal that answered
    /// nothing gets cells, and so does `NO_COLOR` (a colour picture would defy it).
    ///
    /// Inside tmux the kitty and iTerm2 images go through passthrough, so they count only when the
    /// outer terminal answered through it (`allow-passthrough` is on); sixel is drawn by tmux itself,
    /// so tmux's own DA1 decides.
    public static func choose(_ request: PreviewRequest, probe: ProbeResult, hints: TerminalHints) -> PreviewMode {
        if case .forced(let mode) = request { return mode }
        guard hints.colorMode != .none else { return .cells }
        // The terminal that draws the images: the outer one inside tmux.
        let drawer = probe.inTmux ? (probe.outer ?? TerminalAnswers()) : probe.direct
        let version = drawer.version ?? ""
        if drawer.kittyGraphics == true && !drawsNoPlaceholders(version) { return .kitty }
        if probe.direct.sixel { return .sixel }
        if drawer.sawDeviceAttributes || drawer.version != nil, namesITerm(version, hints: hints, inTmux: probe.inTmux) {
            return .iterm
        }
        return .cells
    }

    /// Terminals that answer the graphics query but do not draw Unicode placeholders.
    static func drawsNoPlaceholders(_ version: String) -> Bool {
        ["WezTerm", "Konsole", "Warp"].contains { version.contains($0) }
    }

    /// iTerm2 or WezTerm, by XTVERSION, or by the environment (`TERM_PROGRAM` is tmux's own inside
    /// tmux, while `LC_TERMINAL` crosses tmux and SSH).
    static func namesITerm(_ version: String, hints: TerminalHints, inTmux: Bool) -> Bool {
        if version.contains("iTerm2") || version.contains("WezTerm") { return true }
        if hints.lcTerminal == "iTerm2" { return true }
        return !inTmux && ["iTerm.app", "WezTerm"].contains(hints.termProgram ?? "")
    }

    /// The line for the `?` help.
    public static func describe(_ mode: PreviewMode, colorMode: ColorMode) -> String {
        switch mode {
        case .cells:
            switch colorMode {
            case .truecolor: return "previews: cells, 24-bit colour"
            case .indexed256: return "previews: cells, 256 colours"
            case .ansi16: return "previews: cells, 16 colours"
            case .none: return "previews: cells, grey levels (no colour)"
            }
        case .kitty: return "previews: kitty graphics (Unicode placeholders)"
        case .sixel: return "previews: sixel graphics"
        case .iterm: return "previews: iTerm2 inline images"
        case .off: return "previews: off (palette only)"
        }
    }
}
