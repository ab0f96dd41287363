import ArgumentParser
import Foundation
import LumaKit
import LumaUI

/// `lumatop config`: where the config file is, its commented example, and a check of one file.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the example config file, or check one.",
        discussion: """
            The config file is $XDG_CONFIG_HOME/lumatop/config.toml (default
            ~/.config/lumatop/config.toml). Every key is optional; command-line options
            and environment variables win over it. With no option, prints where it is read.

            Examples:
              lumatop config --default > ~/.config/lumatop/config.toml
              lumatop config --check
              lumatop config --check ./config.toml
            """)

    @Flag(name: .customLong("default"), help: "Print the commented example: every key with its default.")
    var printDefault = false

    @Flag(help: "Check the file (default: the config file) and print each problem as file:line: message; exit 1 when there is any.")
    var check = false

    @Argument(help: ArgumentHelp("The file --check reads.", valueName: "path"))
    var path: String?

    func validate() throws {
        if printDefault && check { throw ValidationError("--default and --check go one at a time") }
        if path != nil && !check { throw ValidationError("a path goes with --check") }
    }

    func run() throws {
        if printDefault {
            Output.write(STDOUT_FILENO, Config.example)
            return
        }
        let env = ProcessInfo.processInfo.environment
        let file = path.map { URL(fileURLWithPath: $0) } ?? Config.defaultPath(environment: env)
        let shown = UntrustedText.line(file.path)
        guard FileManager.default.fileExists(atPath: file.path) else {
            // Naming a file that is not there is a mistake; having no config file is not.
            if path != nil {
                emitLine("\(shown): no such file")
                throw ExitCode(1)
            }
            emitLine("\(shown): not there, so every key has its default (lumatop config --default shows them)")
            return
        }
        guard check else {
            emitLine(shown)
            return
        }
        let (_, problems) = Config.load(path: file)
        for p in problems { emitLine(p.description) }
        if !problems.isEmpty { throw ExitCode(1) }
        emitLine("\(shown): ok")
    }
}
