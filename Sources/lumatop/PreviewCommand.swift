import ArgumentParser
import Foundation
import LumaImage
import LumaKit
import LumaUI

struct Preview: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a completed generation's thumbnail (or last frame) on the terminal.",
        discussion: """
            Draws the picture as the terminal allows (kitty graphics, sixel, iTerm2 images,
            else coloured characters), as wide as the terminal unless --width says. Exit 0
            when it was drawn, 1 when it could not be had, 2 for usage errors or when
            standard output is not a terminal.

            Examples:
              lumatop preview 4665a07c-7641-4809-a133-10786201bb56
              lumatop preview --last-frame --width 60 --mode cells ID
            """)

    @OptionGroup var options: ServiceOptions
    @Flag(help: "The last frame instead of the thumbnail.") var lastFrame = false
    @Option(help: ArgumentHelp("Columns wide (default: the terminal's).", valueName: "cols")) var width: Int?
    @Option(help: ArgumentHelp("auto, cells, kitty, sixel or iterm (default: $LUMATOP_PREVIEW, else auto).", valueName: "mode"))
    var mode: String?
    @Argument(help: ArgumentHelp("The task id." + shortIDHelp, valueName: "task-id")) var taskID: String

    /// The widest picture drawn, whatever the terminal says.
    static let widest = 1000

    func run() throws {
        try validateIDs([self.taskID])
        let env = ProcessInfo.processInfo.environment
        let request = try PreviewOption.request(mode, environment: env)
        if case .forced(.off) = request { throw ConfigurationError("--mode off draws nothing: use auto, cells, kitty, sixel or iterm") }
        if let width, !(1...Self.widest).contains(width) { throw ConfigurationError("--width must be 1 to \(Self.widest)") }
        guard isatty(STDOUT_FILENO) != 0 else {
            throw ConfigurationError("preview draws on a terminal, and standard output is not one")
        }
        let service = try options.resolve()
        defer { service.close() }
        let taskID = try resolveIDs([self.taskID], in: service.list)[0]
        let choice: PreviewChoice = lastFrame ? .lastFrame : .thumbnail
        let short = taskID.prefix(8)
        let generation: Generation
        switch service.client.fetchOnce([taskID], policy: service.policy)[0] {
        case .failure(let error): return fail("\(taskID): \(error.message)")
        case .success(let g): generation = g
        }
        guard generation.state == .completed else {
            return fail("\(short) is \(generation.state.word): no picture until it completes")
        }
        guard let url = choice.url(in: generation) else { return fail("\(short) has no \(choice.label) in its answer") }
        let fetcher = PreviewFetcher(cache: PreviewCache(directory: PreviewCache.defaultDirectory(environment: env)), environment: env)
        let bytes: [UInt8]
        switch waitForCallback({ fetcher.fetch(url, completion: $0) }) {
        case .failure(let why): return fail("the \(choice.label) of \(short): \(why)")
        case .success(let b): bytes = b
        }
        let (mode, cell) = PreviewSetup.mode(for: request, environment: env)
        let columns = width ?? Self.terminalColumns() ?? 80
        let picture: Picture
        do throws(PictureError) { picture = try PictureDecoder.decode(bytes, fitting: (columns * 8, columns * 8)) } catch {
            return fail("the \(choice.label) of \(short): \(error)")
        }
        guard let fit = PreviewFit(pictureWidth: picture.width, pictureHeight: picture.height,
                                   columns: min(columns, KittyGraphics.maxCells), rows: KittyGraphics.maxCells, cell: cell) else {
            return fail("the \(choice.label) of \(short) has no size")
        }
        Output.write(STDOUT_FILENO, PreviewPrint.text(picture, fit: fit, mode: mode, environment: env))
    }

    private func fail(_ message: String) {
        warn(message)
        Foundation.exit(1)
    }

    static func terminalColumns() -> Int? {
        var ws = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 else { return nil }
        return Int(ws.ws_col)
    }
}

/// A picture as bytes for a terminal, outside the dashboard: printed where the cursor is, the
/// cursor left on the line below.
enum PreviewPrint {
    static func text(_ picture: Picture, fit: PreviewFit, mode: PreviewMode, environment env: [String: String]) -> String {
        let inTmux = !(env["TMUX"] ?? "").isEmpty
        let wrap = { (s: String) in inTmux ? TerminalSequence.tmuxPassthrough(s) : s }
        let pixels = fit.pixels(for: mode) ?? fit.cellPixels
        let scaled = picture.resized(width: pixels.width, height: pixels.height)
        switch mode {
        case .cells, .off:
            var buffer = Buffer(width: fit.columns, height: fit.rows)
            CellArt.draw(scaled, into: &buffer, at: buffer.bounds, mode: colorMode(env))
            return lines(buffer)
        case .kitty:
            let id = UInt32(1 + getpid() % 254)
            let sent = KittyGraphics.transmit(.png(PNGEncoder.encode(scaled)), id: id, columns: fit.columns, rows: fit.rows)
            var buffer = Buffer(width: fit.columns, height: fit.rows)
            KittyGraphics.drawPlaceholders(id: id, into: &buffer, at: buffer.bounds)
            return sent.map(wrap).joined() + lines(buffer)
        case .sixel: return Sixel.encode(scaled) + "\n"
        case .iterm: return wrap(ITermImage.sequence(file: PNGEncoder.encode(scaled), columns: fit.columns, rows: fit.rows)) + "\n"
        }
    }

    /// Each row of cells in SGR escapes, reset at its end.
    static func lines(_ buffer: Buffer) -> String {
        var out = ""
        for y in 0..<buffer.height {
            var last: Style?
            for x in 0..<buffer.width where !buffer[x, y].isContinuation {
                let cell = buffer[x, y]
                if cell.style != last { out += ThemePreview.sgr(cell.style); last = cell.style }
                out += cell.text
            }
            out += "\u{1B}[0m\n"
        }
        return out
    }

    /// What the terminal shows, as the environment tells: no colour under `NO_COLOR`.
    static func colorMode(_ env: [String: String]) -> ColorMode {
        if !(env["NO_COLOR"] ?? "").isEmpty { return .none }
        if ["truecolor", "24bit"].contains(env["COLORTERM"]?.lowercased() ?? "") { return .truecolor }
        return (env["TERM"] ?? "").contains("256") ? .indexed256 : .ansi16
    }
}
