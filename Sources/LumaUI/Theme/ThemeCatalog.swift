import Foundation

/// Where themes come from: the shipped `themes/` folder, overridden by the user's
/// `$XDG_CONFIG_HOME/lumatop/themes/` for the same name, or a file named by path.
public struct ThemeCatalog: Sendable {
    public static let fileExtension = "theme"

    public struct Entry: Hashable, Sendable {
        public let name: String
        /// Nil for the built-in default when no file is shipped.
        public let path: String?
        public let isUser: Bool
    }

    /// The result of loading one theme: what to use, and what was wrong.
    public struct Loaded: Sendable {
        public let theme: Theme
        public let problems: [ThemeProblem]
        /// True when errors made us fall back to the default theme.
        public var fellBack: Bool { problems.contains { $0.severity == .error } }
    }

    public let shippedDirectory: URL?
    public let userDirectory: URL

    public init(environment env: [String: String], executable: String = ThemeCatalog.currentExecutable()) {
        shippedDirectory = Self.findShipped(environment: env, executable: executable)
        userDirectory = Self.userDirectory(environment: env)
    }

    public init(shipped: URL?, user: URL) {
        shippedDirectory = shipped
        userDirectory = user
    }

    public static func userDirectory(environment env: [String: String]) -> URL {
        if let config = env["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return URL(fileURLWithPath: config).appendingPathComponent("lumatop/themes")
        }
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".config/lumatop/themes")
    }

    public static func currentExecutable() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// The shipped folder: `$LUMATOP_THEMES_DIR`; an install's `../share/lumatop/themes`; `themes/`
    /// beside the binary or in a folder above it (`swift run` from the repository); and last the
    /// repository this binary was built from.
    static func findShipped(environment env: [String: String], executable: String) -> URL? {
        var candidates: [URL] = []
        if let dir = env["LUMATOP_THEMES_DIR"], !dir.isEmpty { candidates.append(URL(fileURLWithPath: dir)) }
        let exeDir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(exeDir.appendingPathComponent("../share/lumatop/themes").standardizedFileURL)
        var dir = exeDir
        for _ in 0..<6 {
            candidates.append(dir.appendingPathComponent("themes"))
            dir = dir.deletingLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../themes").standardizedFileURL)
        return candidates.first { url in
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.appendingPathComponent("default.theme").path, isDirectory: &isDir)
        }
    }

    /// Every theme by name, the user's overriding shipped ones, sorted; "default" always there.
    public func entries() -> [Entry] {
        var byName: [String: Entry] = ["default": Entry(name: "default", path: nil, isUser: false)]
        for (dir, isUser) in [(shippedDirectory, false), (userDirectory, true)] {
            guard let dir, let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { continue }
            for file in names where file.hasSuffix("." + Self.fileExtension) {
                let name = String(file.dropLast(Self.fileExtension.count + 1))
                byName[name] = Entry(name: name, path: dir.appendingPathComponent(file).path, isUser: isUser)
            }
        }
        return byName.values.sorted { ($0.name == "default" ? "" : $0.name) < ($1.name == "default" ? "" : $1.name) }
    }

    /// Loads a theme by name, or by path when the argument holds a `/` or ends in `.theme`.
    public func load(_ nameOrPath: String) -> Loaded {
        let isPath = nameOrPath.contains("/") || nameOrPath.hasSuffix("." + Self.fileExtension)
        let path: String?
        let name: String
        if isPath {
            path = nameOrPath
            name = URL(fileURLWithPath: nameOrPath).deletingPathExtension().lastPathComponent
        } else {
            guard let entry = entries().first(where: { $0.name == nameOrPath }) else {
                let known = entries().map(\.name).joined(separator: ", ")
                return Loaded(theme: .default, problems: [ThemeProblem(
                    file: nameOrPath, line: 0, message: "no theme named \"\(nameOrPath)\" (known: \(known))", severity: .error)])
            }
            guard let p = entry.path else { return Loaded(theme: .default, problems: []) }
            path = p
            name = entry.name
        }
        guard let path, let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            return Loaded(theme: .default, problems: [ThemeProblem(
                file: nameOrPath, line: 0, message: "cannot read the theme file", severity: .error)])
        }
        let (theme, problems) = ThemeParser.parse(text, name: name, file: path)
        let broken = problems.contains { $0.severity == .error }
        return Loaded(theme: broken ? .default : theme, problems: problems)
    }
}
