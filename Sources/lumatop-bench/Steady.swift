import Foundation
import LumaKit

/// Issue 11's steady case: what one refresh costs when many finished generations are tracked and
/// a few are still processing. The dashboard and the peer run at the same time, each against its
/// own bench server, so both are measured under the same load.
extension Processes {
    static let steadyFinished = [200, 2_000, 10_000]
    static let steadyActive = 10

    /// `finished` finished generations and 10 processing, the dashboard on a 120×40 pty at
    /// interval 1 s, the peer polling the same 10; after `warmup` seconds, `seconds` measured.
    /// A refresh is one round of answers for the 10, counted by the server.
    func steady(finished: Int, warmup: Double = 5, seconds: Double = 20) throws -> [Figure] {
        let (ourServer, ourPort) = try startServer(batch: true)
        defer { ourServer.signal(SIGKILL); ourServer.wait() }
        let (peerServer, peerPort) = try startServer(batch: true)
        defer { peerServer.signal(SIGKILL); peerServer.wait() }
        let state = try Samples.stateDirectory(finished, answers: true, processing: Self.steadyActive)
        defer { try? FileManager.default.removeItem(at: state) }
        let idsFile = scratch.path + "/steady-ids.txt"
        try (finished..<finished + Self.steadyActive).map(Samples.id).joined(separator: "\n")
            .write(toFile: idsFile, atomically: true, encoding: .utf8)

        let dashboard = try Child([lumatop, "--base-url", "http://127.0.0.1:\(ourPort)", "--interval", "1",
                                   "--state-dir", state.path],
                                  env: environment, pty: (120, 40), stderr: scratch.path + "/steady.err")
        let python = try peer(base: "http://127.0.0.1:\(peerPort)", idsFile: idsFile)
        let watched = [("lumatop", dashboard, ourPort), ("peer", python, peerPort)]
        usleep(UInt32(warmup * 1e6))
        let start = try watched.map { try Reading(pid: $0.1.pid, port: $0.2) }
        usleep(UInt32(seconds * 1e6))
        let end = try watched.map { try Reading(pid: $0.1.pid, port: $0.2) }
        dashboard.type("q")
        python.signal(SIGTERM)
        dashboard.wait()
        python.wait()

        var figures: [Figure] = []
        for ((who, _, _), (s, e)) in zip(watched, zip(start, end)) {
            // Exactly the 10 processing ones were asked about, from the first poll to the last.
            guard e.ids == Double(Self.steadyActive) else {
                throw BenchError("\(who) asked about \(Int(e.ids)) generations, not the \(Self.steadyActive) processing")
            }
            let refreshes = (e.refreshed - s.refreshed) / Double(Self.steadyActive)
            guard refreshes > 0 else { throw BenchError("\(who) refreshed nothing") }
            func perRefresh(_ key: String) -> Double { ((e.io[key] ?? 0) - (s.io[key] ?? 0)) / refreshes }
            let name = "steady.\(finished).\(who)"
            figures += [
                Figure(name: "\(name).refreshes", value: refreshes / seconds, unit: "refreshes/s"),
                Figure(name: "\(name).requests", value: (e.requests - s.requests) / refreshes, unit: "requests/refresh"),
                Figure(name: "\(name).write_bytes", value: perRefresh("write_bytes"), unit: "bytes/refresh"),
                Figure(name: "\(name).wchar", value: perRefresh("wchar"), unit: "bytes/refresh"),
                Figure(name: "\(name).read_bytes", value: perRefresh("read_bytes"), unit: "bytes/refresh"),
                Figure(name: "\(name).rchar", value: perRefresh("rchar"), unit: "bytes/refresh"),
                Figure(name: "\(name).cpu", value: (e.cpu - s.cpu) / refreshes * 1e3, unit: "ms/refresh (utime+stime)"),
                Figure(name: "\(name).cpuExact", value: Probe.growth(from: s.runtime, to: e.runtime) / refreshes / 1e6,
                       unit: "ms/refresh (schedstat)"),
            ]
        }
        return figures
    }

    /// What the server counted for one client and what /proc says of it, at one moment.
    private struct Reading {
        let requests, refreshed, ids, cpu: Double
        let io, runtime: [String: Double]

        init(pid: pid_t, port: Int) throws {
            let counted = try BenchServer.stats(port: port)
            requests = counted.requests
            refreshed = counted.refreshed
            ids = counted.ids
            guard let cpu = Probe.cpu(of: pid) else { throw BenchError("process \(pid) is not running") }
            self.cpu = cpu
            io = Probe.io(of: pid)
            runtime = Probe.runtime(of: pid)
        }
    }
}
