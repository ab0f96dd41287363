import ArgumentParser
import Foundation
import LumaDemo
import LumaKit

/// Options shared by every command that talks to the service.
struct ServiceOptions: ParsableArguments {
    @Option(help: "Service base URL (default: $QUICKROUTER_BASE_URL, else the config's base_url, else https://api.quickrouter.ai).")
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
        if demo { return try Service.demo(policy: policy, environment: env) }
        let endpoint = try self.endpoint(env)
        let key = try apiKey(env)
        let client = QuickRouterClient(endpoint: endpoint, apiKey: key,
                                       proxy: ProxySettings.from(environment: env, for: endpoint))
        let dir = stateDir.map { URL(fileURLWithPath: $0) } ?? TrackedList.defaultDirectory(environment: env)
        return Service(client: client, list: TrackedList(directory: dir), policy: policy,
                       displayHost: endpoint.displayHost)
    }

    /// The service's base URL, checked (no key needed: `create --dry-run` shows where it would go).
    func endpoint(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> ServiceEndpoint {
        do throws(EndpointError) {
            return try ServiceEndpoint(baseURL ?? env["QUICKROUTER_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
                                       ?? UserConfig.current.baseURL ?? ServiceEndpoint.defaultBase)
        } catch { throw ConfigurationError("\(error)") }
    }

    private func apiKey(_ env: [String: String]) throws -> String {
        let key = try readKey(env)
        // A key the header cannot carry would come back inside an error message: refuse it here,
        // without ever echoing it.
        guard key.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw ConfigurationError("the API key contains spaces or control characters; check QUICKROUTER_API_KEY or the key file")
        }
        return key
    }

    private func readKey(_ env: [String: String]) throws -> String {
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
        if let key = env["QUICKROUTER_API_KEY"]?.trimmingCharacters(in: .whitespacesAndNewlines), !key.isEmpty {
            return key
        }
        throw ConfigurationError(
            "no API key: set QUICKROUTER_API_KEY, or pass --api-key-file PATH (or try --demo)")
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

/// What a command talks to: a client, the tracked list, and the demo server when there is one.
final class Service {
    let client: any GenerationsClient
    let list: TrackedList
    let policy: PollPolicy
    let displayHost: String
    private var demoServer: DemoServer?
    private var demoDirectory: URL?

    init(client: any GenerationsClient, list: TrackedList, policy: PollPolicy, displayHost: String) {
        self.client = client; self.list = list; self.policy = policy; self.displayHost = displayHost
    }

    /// The demo: a LumaDemo server on loopback and a temporary tracked list holding its ids, so
    /// the user's real list is never touched.
    static func demo(policy: PollPolicy, environment env: [String: String]) throws -> Service {
        let asked = env["LUMATOP_DEMO_TIMESCALE"].flatMap(Double.init) ?? 1
        let timescale = Bounded.clamp(asked, to: DemoService.timescales, nan: 1)
        let demoService = DemoService(timescale: timescale)
        let server = DemoServer(handler: { demoService.handle($0) })
        let port: Int
        do { port = try server.start() } catch { throw ConfigurationError("cannot start the demo service: \(error)") }
        let endpoint = try! ServiceEndpoint("http://127.0.0.1:\(port)")
        demoService.mediaBase = "http://127.0.0.1:\(port)/media"
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("lumatop-demo-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let list = TrackedList(directory: dir)
        do {
            try list.track(demoService.ids)
        } catch { throw ConfigurationError("cannot prepare the demo's state: \(error)") }
        demoService.onNewGeneration = { id in _ = try? list.track([id]) }
        let service = Service(client: QuickRouterClient(endpoint: endpoint, apiKey: DemoService.apiKey),
                              list: list, policy: policy, displayHost: "demo")
        service.demoServer = server
        service.demoDirectory = dir
        return service
    }

    func close() {
        demoServer?.stop()
        demoServer = nil
        if let dir = demoDirectory { try? FileManager.default.removeItem(at: dir) }
        demoDirectory = nil
    }
}
