import Foundation
import LumaKit
import LumaUI

/// The user's config file, read once per run. Its problems go to stderr the first time it is
/// read, before any dashboard takes the screen; the dashboard says them again in its bottom bar.
/// A bad key keeps its default; the rest of the file is used.
enum UserConfig {
    static let loaded: (config: Config, problems: [ConfigProblem]) = {
        let (config, problems) = Config.load(path: Config.defaultPath(environment: ProcessInfo.processInfo.environment))
        for p in problems { warn(p.description) }
        if !problems.isEmpty { warn("the config's keys above keep their defaults (lumatop config --check)") }
        return (config, problems)
    }()

    static var current: Config { loaded.config }

    /// The bottom bar's word on a bad config.
    static var notice: String? {
        let n = loaded.problems.count
        return n == 0 ? nil : "config: \(n) problem\(n == 1 ? "" : "s") (defaults used): \(loaded.problems[0].description)"
    }

    /// `~/` in a config path is the home directory, as in a shell.
    static func expand(_ path: String, environment env: [String: String]) -> URL {
        guard path.hasPrefix("~/") else { return URL(fileURLWithPath: path) }
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(String(path.dropFirst(2)))
    }

    /// Whether the dashboard reports the mouse: `--no-mouse` wins, else the config's `mouse`, else on.
    static func mouse(noMouseFlag: Bool) -> Bool { !noMouseFlag && (current.mouse ?? true) }
}

/// The theme `t` chose last, kept in the state database beside the config's theme line as it was
/// then. Which theme a start uses: `--theme`, else `LUMATOP_THEME` (asked for this run), else
/// the one `t` chose, unless the config's `theme` line changed since (the newer choice wins),
/// else the config's, else the default.
enum RememberedTheme {
    static let name = "theme"
    static let configLine = "theme.config"

    /// The theme to load, and what to load instead when it is the remembered one and no longer
    /// loads (its file was removed).
    static func starting(flag: String?, environment env: [String: String], config: Config,
                         list: TrackedList?) -> (name: String, otherwise: String?) {
        if let flag { return (flag, nil) }
        if let named = env["LUMATOP_THEME"], !named.isEmpty { return (named, nil) }
        let configured = config.theme ?? "default"
        if let list, let chosen = try? list.setting(name),
           config.theme == nil || (try? list.setting(configLine)) == config.theme {
            return (chosen, configured)
        }
        return (configured, nil)
    }

    /// What `t` calls: keeps the name with the config's line of the moment, through the engine's
    /// writer (never on the dashboard's thread). A state directory that cannot be written keeps
    /// nothing, as the title already says.
    static func keeper(engine: Engine, config: Config) -> @Sendable (String) -> Void {
        let line = config.theme ?? ""
        return { chosen in engine.remember([name: chosen, configLine: line]) }
    }
}
