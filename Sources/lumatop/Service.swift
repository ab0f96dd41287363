import Foundation
import LumaDemo
import LumaKit

/// What a command talks to: a provider's client, its tracked list, and the demo server when there
/// is one.
final class Service {
    let provider: Provider
    let client: any GenerationsClient
    let list: TrackedList
    let policy: PollPolicy
    let displayHost: String
    private var demoServer: DemoServer?
    private var demoDirectory: URL?

    init(provider: Provider = .quickrouter, client: any GenerationsClient, list: TrackedList, policy: PollPolicy,
         displayHost: String) {
        self.provider = provider
        self.client = client; self.list = list; self.policy = policy; self.displayHost = displayHost
    }

    /// The official API's client, when that is the provider: the account's list, credits, delete.
    var official: LumaClient? { client as? LumaClient }

    /// The demo: a LumaDemo server on loopback (in the chosen provider's shape) and a temporary
    /// tracked list holding its ids, so the user's real list is never touched.
    static func demo(_ provider: Provider = .quickrouter, policy: PollPolicy,
                     environment env: [String: String]) throws -> Service {
        let asked = env["LUMATOP_DEMO_TIMESCALE"].flatMap(Double.init) ?? 1
        let timescale = Bounded.clamp(asked, to: DemoService.timescales, nan: 1)
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("lumatop-demo-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let list = TrackedList(directory: dir, provider: provider)
        let server: DemoServer, client: any GenerationsClient
        do {
            switch provider {
            case .quickrouter:
                let relay = DemoService(timescale: timescale)
                let root: String
                (server, root) = try startDemo { relay.handle($0) }
                relay.mediaBase = root + "/media"
                try list.track(relay.ids)
                relay.onNewGeneration = { id in _ = try? list.track([id]) }
                client = QuickRouterClient(endpoint: try! ServiceEndpoint(root), apiKey: DemoService.apiKey)
            case .luma:
                let official = LumaDemoService(timescale: timescale)
                let root: String
                (server, root) = try startDemo { official.handle($0) }
                official.mediaBase = root + "/media"
                // A few tracked; the others, and every new one, come in through the account's list.
                try list.track(Array(official.ids.reversed().prefix(Self.lumaDemoTracked)))
                client = LumaClient(endpoint: try! ServiceEndpoint(root + LumaDemoService.basePath),
                                    apiKey: LumaDemoService.apiKey)
            }
        } catch let error as ConfigurationError { throw error } catch {
            throw ConfigurationError("cannot prepare the demo's state: \(error)")
        }
        let service = Service(provider: provider, client: client, list: list, policy: policy, displayHost: "demo")
        service.demoServer = server
        service.demoDirectory = dir
        return service
    }

    /// How many of the Luma demo's generations are tracked, the oldest.
    static let lumaDemoTracked = 3

    /// A demo server on loopback and its root URL.
    private static func startDemo(_ handler: @escaping @Sendable (DemoRequest) -> DemoResponse) throws -> (DemoServer, String) {
        let server = DemoServer(handler: handler)
        do { return (server, "http://127.0.0.1:\(try server.start())") } catch {
            throw ConfigurationError("cannot start the demo service: \(error)")
        }
    }

    func close() {
        demoServer?.stop()
        demoServer = nil
        if let dir = demoDirectory { try? FileManager.default.removeItem(at: dir) }
        demoDirectory = nil
    }
}
