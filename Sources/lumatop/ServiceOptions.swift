import ArgumentParser
import Foundation
import LumaDemo
import LumaKit

/// Options shared by every command that talks to the service.
struct ServiceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("quickrouter (the relay) or luma (Luma's own API) (default: $LUMATOP_PROVIDER, else quickrouter).",
                               valueName: "name"))
    var provider: String?

    @Option(help: "Service base URL (default for quickrouter: $QUICKROUTER_BASE_URL, else the config's base_url, else https://api.quickrouter.ai; for luma: https://api.lumalabs.ai/dream-machine/v1).")
    var baseURL: String?

    @Option(help: ArgumentHelp("Read the API key from the first line of this file.", valueName: "path"))
    var apiKeyFile: String?

    @Option(help: "Requests in flight at most (default: the config's max_in_flight, else 4).")
    var maxInFlight: Int?

    @Option(help: ArgumentHelp("Where the tracked list lives (default: $XDG_STATE_HOME/lumatop).", valueName: "dir"))
    var stateDir: String?

    @Flag(help: "Use the built-in demo service: no key, no network, a temporary tracked list.")
    var demo = false

    func validate() throws {
        guard (1...64).contains(maxInFlight ?? 1) else { throw ValidationError("--max-in-flight must be between 1 and 64") }
    }

    /// Builds the client and the state file, or says what is missing. `polling` is given by the
    /// commands that poll or wait out a 429 at the interval; the others use the default one.
    func resolve(_ polling: PollingOptions? = nil,
                 environment env: [String: String] = ProcessInfo.processInfo.environment) throws -> Service {
        let config = UserConfig.current
        let policy = PollPolicy(interval: polling?.interval ?? config.interval ?? PollPolicy().interval,
                                maxInFlight: maxInFlight ?? config.maxInFlight ?? PollPolicy().maxInFlight)
        let provider = try chosenProvider(env)
        if demo { return try Service.demo(provider, policy: policy, environment: env) }
        let endpoint = try self.endpoint(env)
        let key = try apiKey(env, provider: provider)
        let proxy = ProxySettings.from(environment: env, for: endpoint)
        let client: any GenerationsClient = switch provider {
        case .quickrouter: QuickRouterClient(endpoint: endpoint, apiKey: key, proxy: proxy)
        case .luma: LumaClient(endpoint: endpoint, apiKey: key, proxy: proxy)
        }
        let dir = stateDir.map { URL(fileURLWithPath: $0) } ?? TrackedList.defaultDirectory(environment: env)
        return Service(provider: provider, client: client, list: TrackedList(directory: dir, provider: provider),
                       policy: policy, displayHost: endpoint.displayHost)
    }

    func chosenProvider(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> Provider {
        try Provider.chosen(provider, environment: env)
    }

    /// The service's base URL, checked (no key needed: `create --dry-run` shows where it would go).
    /// `QUICKROUTER_BASE_URL` is the relay's only.
    func endpoint(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> ServiceEndpoint {
        let provider = try chosenProvider(env)
        let fromEnvironment = provider == .quickrouter ? env["QUICKROUTER_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 } : nil
        do throws(EndpointError) {
            // The config's base_url belongs to the config's provider (quickrouter when it names none).
            let config = UserConfig.current
            let configured = (config.provider ?? .quickrouter) == provider ? config.baseURL : nil
            return try ServiceEndpoint(baseURL ?? fromEnvironment ?? configured ?? provider.defaultBase)
        } catch { throw ConfigurationError("\(error)") }
    }

    private func apiKey(_ env: [String: String], provider: Provider) throws -> String {
        let key = try readKey(env, provider: provider)
        // A key the header cannot carry would come back inside an error message: refuse it here,
        // without ever echoing it.
        guard key.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw ConfigurationError("the API key contains spaces or control characters; check \(provider.keyVariable) or the key file")
        }
        return key
    }

    private func readKey(_ env: [String: String], provider: Provider) throws -> String {
        if let path = apiKeyFile {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ConfigurationError("cannot read the API key file \(path)")
            }
            let key = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
            guard !key.isEmpty else { throw ConfigurationError("the API key file \(path) is empty") }
            if let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int,
               mode & 0o044 != 0 {
                warn("warning: \(path) is readable by others (chmod 600 \(path))")
            }
            return key
        }
        if let key = env[provider.keyVariable]?.trimmingCharacters(in: .whitespacesAndNewlines), !key.isEmpty {
            return key
        }
        throw ConfigurationError(
            "no API key: set \(provider.keyVariable), or pass --api-key-file PATH (or try --demo)")
    }
}

/// `--interval`, apart from `ServiceOptions`: only the commands where it changes something list it.
struct PollingOptions: ParsableArguments {
    @Option(help: "Seconds between polls of an active generation (at least 1; more than a day counts as a day; default: the config's interval, else 5).")
    var interval: Double?

    func validate() throws {
        // NaN fails the comparison too; a huge finite interval is held at the maximum by the policy.
        guard let interval else { return }
        guard interval >= PollPolicy.minimumInterval, interval.isFinite else {
            throw ValidationError("--interval must be at least 1 second")
        }
    }
}
