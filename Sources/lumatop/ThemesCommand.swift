import ArgumentParser
import Foundation
import LumaKit
import LumaUI

struct Themes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the themes, or check one theme file.",
        discussion: """
            Themes live in the shipped themes/ folder and in
            $XDG_CONFIG_HOME/lumatop/themes/ (default ~/.config/lumatop/themes/), where a
            file of the same name overrides a shipped one. Choose one with
            --theme NAME|PATH or LUMATOP_THEME; `t` in the dashboard cycles them.

            Examples:
              lumatop themes
              lumatop themes --check ~/.config/lumatop/themes/mine.theme
            """)

    @Option(name: .customLong("check"), help: ArgumentHelp("Validate one theme and print each problem; exit 1 when there is any.", valueName: "name|path"))
    var check: String?

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        let catalog = ThemeCatalog(environment: env)
        if let check {
            let loaded = catalog.load(check)
            for p in loaded.problems { emitLine(UntrustedText.line(p.description)) }
            if !loaded.problems.isEmpty { throw ExitCode(1) }
            emitLine(UntrustedText.line("\(check): ok"))
            return
        }
        let colour = isatty(STDOUT_FILENO) != 0 && (env["NO_COLOR"] ?? "").isEmpty
        let entries = catalog.entries()
        // Names, paths and descriptions come from files: cleaned; only the preview's own SGR is raw.
        let width = entries.map { UntrustedText.line($0.name).count }.max() ?? 7
        for entry in entries {
            let loaded = catalog.load(entry.path ?? entry.name)
            let theme = loaded.fellBack ? Theme.default : loaded.theme
            let name = UntrustedText.line(entry.name)
            var line = name.padding(toLength: width + 2, withPad: " ", startingAt: 0)
            line += colour ? ThemePreview.line(theme) : UntrustedText.line(theme.description.isEmpty ? "-" : theme.description)
            var notes = ""
            if entry.isUser { notes += "  (yours: \(entry.path ?? ""))" }
            if !loaded.problems.isEmpty { notes += "  [\(loaded.problems.count) problem(s): lumatop themes --check \(entry.name)]" }
            emitLine(line + UntrustedText.line(notes))
        }
    }
}
