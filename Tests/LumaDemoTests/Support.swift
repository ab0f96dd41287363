import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LumaDemo
import LumaKit

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    private let time = Locked(Date(timeIntervalSince1970: 1_800_000_000))
    func now() -> Date { time.current }
    func advance(_ seconds: TimeInterval) { time.withLock { $0 += seconds } }
}

/// One answer as it came off the wire.
struct RawAnswer: Sendable {
    let status: Int
    let headers: [String: String]
    let body: Data
    func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
    var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
}

/// A plain GET through URLSession, bypassing LumaKit, to see status, headers and body as sent.
func rawGet(_ url: String, key: String? = nil, method: String = "GET") async -> RawAnswer {
    var request = URLRequest(url: URL(string: url)!)
    request.httpMethod = method
    if let key { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
    return await withCheckedContinuation { done in
        URLSession.shared.dataTask(with: request) { data, response, _ in
            let http = response as? HTTPURLResponse
            let headers = (http?.allHeaderFields ?? [:]).reduce(into: [String: String]()) {
                $0["\($1.key)"] = "\($1.value)"
            }
            done.resume(returning: RawAnswer(status: http?.statusCode ?? -1, headers: headers, body: data ?? Data()))
        }.resume()
    }
}

/// A started server for a service, and a LumaKit client with the demo key.
func served(_ service: DemoService) throws -> (DemoServer, QuickRouterClient) {
    let server = DemoServer(handler: { service.handle($0) })
    try server.start()
    return (server, QuickRouterClient(endpoint: try ServiceEndpoint(server.baseURL), apiKey: DemoService.apiKey))
}

func json(_ text: String) -> Data { Data(text.utf8) }
