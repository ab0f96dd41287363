import Foundation
import LumaKit

/// What `config.toml` says. Every key is optional: nil is "not set", and the command line, the
/// environment or the built-in default decides. Command line and environment win over the file.
public struct Config: Hashable, Sendable {
    public var provider: Provider?
    public var baseURL: String?
    /// Seconds between polls of an active generation.
    public var interval: Double?
    public var maxInFlight: Int?
    public var downloadDir: String?
    public var theme: String?
    public var preview: PreviewRequest?
    public var columns: [ColumnID]?
    public var mouse: Bool?
    /// The defaults with the `[keys]` table's bindings in place.
    public var keymap = Keymap.default

    public init() {}

    public static let fileName = "config.toml"

    /// `$XDG_CONFIG_HOME/lumatop/config.toml`, else `~/.config/lumatop/config.toml`.
    public static func defaultPath(environment env: [String: String]) -> URL {
        if let config = env["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return URL(fileURLWithPath: config).appendingPathComponent("lumatop/\(fileName)")
        }
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".config/lumatop/\(fileName)")
    }

    /// The file at `path` read and checked. No file is no problem: every default holds. A file
    /// that cannot be read, or is too large to be a config, is one problem and the defaults.
    public static func load(path: URL) -> (Config, [ConfigProblem]) {
        let shown = path.path
        guard FileManager.default.fileExists(atPath: shown) else { return (Config(), []) }
        let size = (try? FileManager.default.attributesOfItem(atPath: shown))?[.size] as? Int ?? 0
        guard size <= ConfigParser.largest else {
            return (Config(), [ConfigProblem(file: shown, line: 1, message: "larger than \(ConfigParser.largest / 1024) KiB: not a config file; the defaults are used")])
        }
        guard let data = FileManager.default.contents(atPath: shown) else {
            return (Config(), [ConfigProblem(file: shown, line: 1, message: "cannot be read; the defaults are used")])
        }
        // TOMLKit hands the text to C, where a NUL would end it early and hide the rest.
        guard let text = String(data: data, encoding: .utf8), !data.contains(0) else {
            return (Config(), [ConfigProblem(file: shown, line: 1, message: "is not text (not UTF-8, or a NUL byte); the defaults are used")])
        }
        return ConfigParser.parse(text, file: shown)
    }
}

/// One problem of a config file, at its line, worded like a theme file's.
public struct ConfigProblem: Hashable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let message: String

    public init(file: String, line: Int, message: String) {
        self.file = file; self.line = line; self.message = message
    }

    public var description: String { "\(UntrustedText.line(file)):\(line): \(UntrustedText.line(message))" }
}
