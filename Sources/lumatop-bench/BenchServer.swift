import Foundation
import LumaDemo
import LumaKit

/// The loopback service the polling case runs against, in its own process so its CPU is not
/// counted: answers at once, every generation processing forever, with or without the batch
/// query. `GET /bench/stats` answers "requests refreshed distinct-ids" so far.
enum BenchServer {
    static func run(batch: Bool, portFile: String) throws -> Never {
        let counts = Locked((requests: 0, refreshed: 0, ids: Set<String>()))
        let server = DemoServer(handler: { request in
            if request.path == "/bench/stats" {
                let c = counts.withLock { $0 }
                return .text(200, "\(c.requests) \(c.refreshed) \(c.ids.count)", contentType: "text/plain")
            }
            if request.isBatch {
                guard batch else {
                    counts.withLock { $0.requests += 1 }
                    return .error(405, message: "method not allowed")
                }
                let ids = request.batchIDs ?? []
                counts.withLock { $0.requests += 1; $0.refreshed += ids.count; $0.ids.formUnion(ids) }
                return .json(200, Data(("[" + ids.map(Samples.processingAnswer).joined(separator: ",") + "]").utf8))
            }
            guard let id = request.generationID else { return .error(404, message: "no such route") }
            counts.withLock { $0.requests += 1; $0.refreshed += 1; $0.ids.insert(id) }
            return .json(200, Data(Samples.processingAnswer(id).utf8))
        })
        let port = try server.start()
        try "\(port)\n".write(toFile: portFile, atomically: true, encoding: .utf8)
        while true { pause() }
    }

    /// Reads the counters of a running server: requests, generations answered, distinct ids asked about.
    static func stats(port: Int) throws -> (requests: Double, refreshed: Double, ids: Double) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw BenchError("cannot reach the bench server on port \(port)") }
        let request = "GET /bench/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        _ = request.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
        var answer = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            answer += buffer[0..<n]
        }
        let text = String(decoding: answer, as: UTF8.self)
        guard let body = text.components(separatedBy: "\r\n\r\n").last else { throw BenchError("bad stats answer") }
        let parts = body.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard parts.count == 3 else { throw BenchError("bad stats answer: \(text)") }
        return (parts[0], parts[1], parts[2])
    }
}
