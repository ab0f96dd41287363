import ArgumentParser
import Foundation
import LumaKit
import CursesTerminal
import LumaRuntime
import LumaUI

@main
struct Main {
    static func main() {
        unblockSignals()
        Output.start()
        if let typo = CommandTypo.check(Array(CommandLine.arguments.dropFirst())) {
            warn(typo)
            Foundation.exit(2)
        }
        // ArgumentParser exits 64 on usage errors; our contract says 2.
        do {
            var command = try Lumatop.parseAsRoot()
            try command.run()
        } catch let error as ConfigurationError {
            warn(error.message)
            Foundation.exit(2)
        } catch {
            let code = Lumatop.exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Lumatop.fullMessage(for: error) + "\n")
                Foundation.exit(2)
            }
            Lumatop.exit(withError: error)
        }
    }
}

struct Lumatop: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lumatop",
        abstract: "Watch Luma video generations on QuickRouter or Luma's own API from a terminal.",
        discussion: """
            With no command, opens the dashboard on the tracked generations (ids given
            are tracked first). When standard output is not a terminal, behaves as
            `watch`.

            Examples:
              lumatop --demo              the dashboard on the built-in demo service
              lumatop --demo --provider luma   the same in the Luma API's shape
              lumatop 4665a07c-7641-4809-a133-10786201bb56
              lumatop status --json
              lumatop watch --exit-status --timeout 600 ID
              lumatop create "cat dance" --wait

            --provider quickrouter|luma (or LUMATOP_PROVIDER) picks the service. The API
            key comes from QUICKROUTER_API_KEY (luma: LUMAAI_API_KEY) or --api-key-file,
            never from a flag. Exit codes: 0 success, 1 a generation failed or could not be fetched,
            2 usage or configuration error, 124 watch timed out (with --exit-status).
            """,
        version: QuickRouterClient.version,
        subcommands: [Dashboard.self, Status.self, Watch.self, Download.self, Track.self, Untrack.self, List.self, Log.self,
                      Themes.self, Preview.self, Create.self, Extend.self, ConfigCommand.self],
        defaultSubcommand: Dashboard.self)
}

struct Dashboard: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The dashboard (the default command): a live list of tracked generations.",
        discussion: "Examples:\n  lumatop --demo\n  lumatop 4665a07c-7641-4809-a133-10786201bb56")

    @OptionGroup var options: ServiceOptions
    @OptionGroup var polling: PollingOptions

    @Option(help: ArgumentHelp("Theme by name or file (default: $LUMATOP_THEME, else the one t chose last, else the config's theme, else default).",
                               valueName: "name|path"))
    var theme: String?

    @Option(help: ArgumentHelp("Where d and D save videos (default: the config's download_dir, else $XDG_DOWNLOAD_DIR/lumatop, else ~/Downloads/lumatop).",
                               valueName: "dir"))
    var downloadDir: String?

    @Flag(help: "When a generation finishes, also ring the bell and send a desktop notification (OSC 777/OSC 9).")
    var notify = false

    @Flag(name: .customLong("no-mouse"), help: "Leave the mouse to the terminal (clicks and the wheel do nothing here; with the mouse on, Shift-drag selects text).")
    var noMouse = false

    @OptionGroup var hook: HookOption

    @OptionGroup var preview: PreviewOption

    @OptionGroup var recent: RecentOption

    @Argument(help: ArgumentHelp("Task ids to add to the tracked list.", valueName: "task-id"))
    var taskIDs: [String] = []

    func run() throws {
        try validateIDs(self.taskIDs)
        let interactive = isatty(STDOUT_FILENO) != 0
        if interactive {
            guard isatty(STDIN_FILENO) != 0 else { throw ConfigurationError("the dashboard needs a terminal on standard input") }
            do { try CursesScreen.check(environment: ProcessInfo.processInfo.environment) } catch {
                throw ConfigurationError(error.words + "; use `lumatop watch` for plain lines instead")
            }
        }
        let env = ProcessInfo.processInfo.environment
        let config = UserConfig.current
        let fromConfig = preview.preview == nil && (env["LUMATOP_PREVIEW"] ?? "").isEmpty
        let previewRequest = try fromConfig ? config.preview ?? .auto : preview.request(environment: env)
        let service = try options.resolve(polling)
        defer { service.close() }
        let taskIDs = try resolveIDs(self.taskIDs, in: service.list)
        if !interactive {
            // Not a terminal: the dashboard has nowhere to draw, so watch instead.
            if !taskIDs.isEmpty {
                do { try service.list.track(unique(taskIDs)) } catch {
                    throw ConfigurationError("\(error)")
                }
            }
            let code = WatchRunner(service: service, ids: [], json: false, exitStatus: false, timeout: nil,
                                   onComplete: hook.onComplete).run()
            if code != 0 { throw ExitCode(code) }
            return
        }
        // Errors before the dashboard draws wait in its inbox.
        let inbox = Inbox()
        let engine = Engine(client: service.client, list: service.list, policy: service.policy,
                            account: service.official, recent: recent.recent,
                            onAccountError: { error in inbox.post("the account's list: \(error.message)", isError: true) },
                            onPersistenceError: { error in inbox.post("could not save: \(error)", isError: true) })
        let notices: [String]
        do {
            notices = try engine.load()
            if !taskIDs.isEmpty {
                engine.track(unique(taskIDs))
                engine.flush()
            }
        } catch { throw ConfigurationError("\(error)") }
        for notice in notices { inbox.post(notice, isError: true) }
        let (themes, themeNotices) = chooseThemes(RememberedTheme.starting(flag: theme, environment: env, config: config, list: service.list))
        let folder = downloadDir.map { URL(fileURLWithPath: $0) } ?? config.downloadDir.map { UserConfig.expand($0, environment: env) }
            ?? DownloadName.defaultDirectory(environment: env)
        // Asked before ncurses takes the terminal: the answers must not reach its key reader.
        var services = Services(downloads: DownloadQueue(directory: folder), notify: notify,
                                onComplete: hook.onComplete.map { CompletionHook(command: $0) },
                                previews: PreviewSetup.previews(for: previewRequest, environment: env),
                                creator: service.client as? any GenerationsCreator)
        services.rememberTheme = RememberedTheme.keeper(engine: engine, config: config)
        services.deleter = service.client as? any GenerationsDeleter
        let terminal: CursesScreen
        do { terminal = try CursesScreen(environment: ProcessInfo.processInfo.environment,
                                           mouse: UserConfig.mouse(noMouseFlag: noMouse)) } catch {
            throw ConfigurationError(error.words)
        }
        // Why changes are not kept stays in the bottom bar until a key; the title keeps saying it.
        let runtime = Runtime(engine: engine, services: services, terminal: terminal, inbox: inbox,
                              host: service.displayHost, themes: themes,
                              notices: [service.list.notKept, UserConfig.notice].compactMap { $0 } + themeNotices)
        runtime.use(keymap: config.keymap, columns: config.columns ?? ColumnID.defaultOrder)
        engine.start()
        let signal = runtime.run()
        terminal.close()
        engine.stop()
        notices.forEach(warn)
        if let signal { throw ExitCode(128 + signal) }
    }
}

extension Dashboard {
    /// The chosen theme first, then every other usable one for `t`; problems of the chosen one are
    /// reported in the bottom bar (a broken one falls back to the default theme). A remembered
    /// theme that no longer loads gives way quietly to the one named `otherwise`.
    func chooseThemes(_ wanted: (name: String, otherwise: String?)) -> ([Theme], [String]) {
        let env = ProcessInfo.processInfo.environment
        let catalog = ThemeCatalog(environment: env)
        var chosen = catalog.load(wanted.name)
        if chosen.fellBack, let otherwise = wanted.otherwise { chosen = catalog.load(otherwise) }
        var notices = chosen.problems.map(\.description)
        if chosen.fellBack { notices.append("using the default theme") }
        var themes = [chosen.theme]
        for entry in catalog.entries() where entry.name != chosen.theme.name {
            let loaded = catalog.load(entry.path ?? entry.name)
            if !loaded.fellBack { themes.append(loaded.theme) }
        }
        return (themes, notices)
    }
}

extension CursesScreen.Unusable {
    /// What the user reads; TERM comes from outside and is cleaned.
    var words: String {
        switch self {
        case .noTerm: "TERM is not set, so the dashboard cannot draw"
        case .cannotAddressCursor(let term):
            "this terminal (TERM=\(UntrustedText.line(term))) cannot move the cursor, which the dashboard needs"
        case .noTerminfo(let term): "cannot drive this terminal (TERM=\(UntrustedText.line(term.isEmpty ? "unset" : term))): no terminfo entry for it"
        }
    }
}

/// A configuration or usage problem found after parsing: reported with exit code 2.
struct ConfigurationError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// A blocked signal mask is inherited from whoever started us (a launcher's worker thread, say):
/// with SIGTERM or SIGHUP blocked the dashboard could never be stopped or notice its terminal go.
/// Unblocked here, on the main thread, before any other thread exists.
private func unblockSignals() {
    var set = sigset_t()
    sigemptyset(&set)
    for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH, SIGTSTP, SIGCONT] { sigaddset(&set, sig) }
    sigprocmask(SIG_UNBLOCK, &set, nil)
}
