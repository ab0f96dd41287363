import ArgumentParser
import CursesTerminal
import Foundation
import LumaKit
import LumaRuntime
import LumaUI

/// `--preview`: how pictures show, chosen once at start.
struct PreviewOption: ParsableArguments {
    @Option(help: ArgumentHelp("How pictures show: auto (ask the terminal), cells, kitty, sixel, iterm or off (default: $LUMATOP_PREVIEW, else auto).",
                               valueName: "mode"))
    var preview: String?

    func request(environment env: [String: String]) throws -> PreviewRequest { try Self.request(preview, environment: env) }

    /// The flag's value, else `LUMATOP_PREVIEW`, else auto.
    static func request(_ flag: String?, environment env: [String: String]) throws -> PreviewRequest {
        guard let value = flag ?? env["LUMATOP_PREVIEW"].flatMap({ $0.isEmpty ? nil : $0 }) else { return .auto }
        do throws(PreviewRequestError) { return try PreviewRequest(parsing: value) } catch {
            throw ConfigurationError(error.description)
        }
    }
}

/// Settles the preview mode: a forced cells or off needs no question; anything else asks the
/// terminal (briefly) what it draws and how large its cells are.
enum PreviewSetup {
    /// The longest the terminal is waited for at start. Terminals answer in milliseconds; one
    /// that does not answer at all costs this once.
    static let patience: TimeInterval = 0.5

    static func mode(for request: PreviewRequest, environment env: [String: String]) -> (PreviewMode, CellSize?) {
        if case .forced(let mode) = request, mode == .cells || mode == .off { return (mode, nil) }
        let colors: ColorMode = (env["NO_COLOR"] ?? "").isEmpty ? .indexed256 : .none
        let hints = TerminalHints(environment: env, colorMode: colors)
        var probe = TerminalProbe(hints: hints)
        TerminalConversation.run(&probe, timeout: patience)
        let result = probe.result
        let cell = (result.inTmux ? result.outer?.cellSize : nil) ?? result.direct.cellSize
        return (PreviewMode.choose(request, probe: result, hints: hints), cell)
    }

    /// The dashboard's previews: nil when off.
    static func previews(for request: PreviewRequest, environment env: [String: String]) -> Previews? {
        let (mode, cell) = self.mode(for: request, environment: env)
        guard mode != .off else { return nil }
        let cache = PreviewCache(directory: PreviewCache.defaultDirectory(environment: env))
        return Previews(mode: mode, cell: cell, fetcher: PreviewFetcher(cache: cache, environment: env),
                        inTmux: !(env["TMUX"] ?? "").isEmpty)
    }
}
