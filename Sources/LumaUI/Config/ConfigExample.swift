import Foundation
import LumaKit

extension Config {
    /// The commented example `lumatop config --default` prints and the README shows: every key,
    /// what it does, its default. Each setting is a `# key = value` line holding the default, so
    /// removing the `# ` of a line sets that key. Built from the defaults, so it cannot drift.
    public static var example: String {
        let policy = PollPolicy()
        let interval = policy.interval.rounded() == policy.interval ? String(Int(policy.interval)) : String(policy.interval)
        var lines = [
            "# lumatop's config: $XDG_CONFIG_HOME/lumatop/config.toml (else ~/.config/lumatop/config.toml).",
            "# Every key is optional; each line below shows its default. Command-line options and",
            "# environment variables win over this file. Check it with `lumatop config --check`.",
            "",
            "# The service: quickrouter (the relay) or luma (Luma's own API) (--provider and",
            "# LUMATOP_PROVIDER win).",
            "# provider = \"quickrouter\"",
            "# Its base URL, used when the provider in use is the one above (QUICKROUTER_BASE_URL",
            "# and --base-url win; luma's default is https://api.lumalabs.ai/dream-machine/v1).",
            "# base_url = \(quoted(ServiceEndpoint.defaultBase))",
            "# Seconds between polls of an active generation, at least 1 (--interval wins).",
            "# interval = \(interval)",
            "# Requests in flight at most, 1 to 64 (--max-in-flight wins).",
            "# max_in_flight = \(policy.maxInFlight)",
            "# Where d and D save videos: an absolute path or ~/… (--download-dir wins; without",
            "# either, $XDG_DOWNLOAD_DIR/lumatop).",
            "# download_dir = \"~/Downloads/lumatop\"",
            "# Theme by name or file (--theme and LUMATOP_THEME win; a theme chosen with t is kept",
            "# until this line changes).",
            "# theme = \"default\"",
            "# How pictures show: \(PreviewRequest.names.joined(separator: ", ")) (--preview and LUMATOP_PREVIEW win).",
            "# preview = \"auto\"",
            "# The list's columns, left to right; the prompt, when listed, comes last and takes the",
            "# rest. Columns drop as the terminal narrows, but for state, saved and id.",
            "# columns = [\(ColumnID.defaultOrder.map { quoted($0.rawValue) }.joined(separator: ", "))]",
            "# Clicks and the wheel (--no-mouse wins); Shift-drag still selects text.",
            "# mouse = true",
            "",
            "# Keys: an action takes a key or a list of keys, replacing its defaults (`[]`: none).",
            "# A key is one character, C-x or ^X (control), or one of Up Down Left Right Home End",
            "# PgUp PgDn Enter Tab S-Tab Esc Backspace Del Space. No key may run two actions,",
            "# counting the defaults of those not listed. ^C always quits.",
            "# [keys]",
        ]
        let width = Keymap.default.bindings.map { setting($0).count }.max() ?? 0
        for b in Keymap.default.bindings {
            let line = setting(b)
            lines.append(line + String(repeating: " ", count: width - line.count) + "  # " + b.help)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `# action = ["k", "Up"]`.
    private static func setting(_ b: Binding) -> String {
        let keys = b.keys.map { quoted(configName($0)) }
        return "# \(b.command.rawValue) = " + (keys.count == 1 ? keys[0] : "[\(keys.joined(separator: ", "))]")
    }

    /// How the config file spells a key (`KeyName.parse` reads it back).
    static func configName(_ key: Key) -> String {
        switch key {
        case .ctrl(let c): "C-\(c)"
        case .up: "Up"
        case .down: "Down"
        case .left: "Left"
        case .right: "Right"
        default: KeyName.display(key)
        }
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
