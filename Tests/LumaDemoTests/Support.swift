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
func rawGet(_ url: String, key: String? = nil, method: String = "GET") -> RawAnswer {
    var request = URLRequest(url: URL(string: url)!)
    request.httpMethod = method
    if let key { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
    let box = Locked(RawAnswer(status: -1, headers: [:], body: Data()))
    let done = DispatchSemaphore(value: 0)
    URLSession.shared.dataTask(with: request) { data, response, _ in
        let http = response as? HTTPURLResponse
        let headers = (http?.allHeaderFields ?? [:]).reduce(into: [String: String]()) {
            $0["\($1.key)"] = "\($1.value)"
        }
        box.withLock { $0 = RawAnswer(status: http?.statusCode ?? -1, headers: headers, body: data ?? Data()) }
        done.signal()
    }.resume()
    done.wait()
    return box.current
}

/// A started server for a service, and a LumaKit client with the demo key.
func served(_ service: DemoService) throws -> (DemoServer, QuickRouterClient) {
    let server = DemoServer(handler: { service.handle($0) })
    try server.start()
    return (server, QuickRouterClient(endpoint: try ServiceEndpoint(server.baseURL), apiKey: DemoService.apiKey))
}

/// Waits until `condition` holds (checked every 20 ms) or `timeout` passes; says which.
func eventually(timeout: TimeInterval = 10, _ condition: () -> Bool) -> Bool {
    let end = Date() + timeout
    while Date() < end {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return condition()
}

func json(_ text: String) -> Data { Data(text.utf8) }
