import Foundation
import LumaKit

/// The measurements of whole programs: the built `lumatop` and the Python peer, each a child
/// process observed from outside through /proc, the same way for both.
struct Processes {
    let lumatop: String
    let bench: String
    let scratch: URL

    static let key = "bench-key"

    var environment: [String: String] {
        ["HOME": scratch.path, "XDG_STATE_HOME": scratch.path + "/state", "TERM": "xterm-256color", "LANG": "C.UTF-8",
         "QUICKROUTER_API_KEY": Self.key, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
    }

    /// Spawn to the end of the first frame: the dashboard on a 200×60 pty with 1,000 finished
    /// generations in its state file. The frame has ended when the terminal has been quiet for
    /// 300 ms; the time is that of its last byte.
    func startup(state: URL) throws -> [Figure] {
        let t0 = Probe.nanos()
        let child = try Child([lumatop, "--base-url", "http://127.0.0.1:9", "--state-dir", state.path],
                              env: environment, pty: (200, 60), stderr: scratch.path + "/startup.err")
        guard let end = child.waitForQuiet(0.3) else { throw BenchError("no first frame") }
        guard child.terminalText.contains("lumatop") else { throw BenchError("the first frame is not the dashboard") }
        child.type("q")
        child.wait()
        return [Figure(name: "startup", value: Double(end - t0) / 1e6, unit: "ms")]
    }

    /// Dashboards with 1,000 finished generations, left alone for `seconds` after their first
    /// frame: CPU (user + sys) and context switches of all their threads. All run at once.
    func idle(state: URL, count: Int, seconds: Double) throws -> [[Figure]] {
        let children = try (0..<count).map { i in
            try Child([lumatop, "--base-url", "http://127.0.0.1:9", "--state-dir", state.path],
                      env: environment, pty: (120, 40), stderr: scratch.path + "/idle-\(i).err")
        }
        for c in children { guard c.waitForQuiet(0.5) != nil else { throw BenchError("no first frame") } }
        sleep(2)
        let start = children.map { (Probe.cpu(of: $0.pid) ?? 0, Probe.switches(of: $0.pid), $0.terminalOutput.bytes) }
        usleep(UInt32(seconds * 1e6))
        let figures = zip(children, start).map { c, s -> [Figure] in
            let cpu = (Probe.cpu(of: c.pid) ?? 0) - s.0
            return [Figure(name: "idle.cpu", value: cpu / seconds * 100, unit: "% of a core"),
                    Figure(name: "idle.wakeups", value: Probe.growth(from: s.1, to: Probe.switches(of: c.pid)),
                           unit: "per \(Int(seconds)) s"),
                    Figure(name: "idle.bytes", value: Double(c.terminalOutput.bytes - s.2), unit: "bytes"),
                    Figure(name: "idle.threads", value: Double(Probe.threads(of: c.pid)), unit: "threads")]
        }
        for c in children { c.type("q") }
        for c in children { c.wait() }
        return figures
    }

    enum Poller: String {
        /// `lumatop watch`, the service answering the batch query.
        case watchBatch = "lumatop.batch"
        /// `lumatop watch`, the service refusing it (405): one GET per generation.
        case watchSingle = "lumatop.single"
        /// The dashboard on an 80×24 pty, batch query answered.
        case dashboard = "dashboard.batch"
        /// The Python loop of bench/peer.
        case peer = "peer"
    }

    /// 1,000 active generations, interval 1 s, 8 in flight, against a loopback server that
    /// answers at once: after `warmup` seconds, requests and CPU over `seconds`.
    func polling(_ who: Poller, warmup: Double = 3, seconds: Double = 10) throws -> [Figure] {
        let (server, port) = try startServer(batch: who != .watchSingle)
        defer { server.signal(SIGKILL); server.wait() }
        let base = "http://127.0.0.1:\(port)"
        let state = try Samples.stateDirectory(1_000, answers: false)
        defer { try? FileManager.default.removeItem(at: state) }
        let ids = (0..<1_000).map(Samples.id)
        let idsFile = scratch.path + "/ids.txt"
        try ids.joined(separator: "\n").write(toFile: idsFile, atomically: true, encoding: .utf8)
        let common = ["--base-url", base, "--interval", "1", "--max-in-flight", "8", "--state-dir", state.path]
        let child: Child
        switch who {
        case .watchBatch, .watchSingle:
            child = try Child([lumatop, "watch"] + common, env: environment, stderr: scratch.path + "/watch.err")
        case .dashboard:
            child = try Child([lumatop] + common, env: environment, pty: (80, 24), stderr: scratch.path + "/dash.err")
        case .peer:
            child = try peer(base: base, idsFile: idsFile)
        }
        usleep(UInt32(warmup * 1e6))
        let (r0, g0, _) = try BenchServer.stats(port: port)
        guard let c0 = Probe.cpu(of: child.pid) else { throw BenchError("\(who.rawValue) is not running") }
        usleep(UInt32(seconds * 1e6))
        let (r1, g1, _) = try BenchServer.stats(port: port)
        guard let c1 = Probe.cpu(of: child.pid) else { throw BenchError("\(who.rawValue) is not running") }
        let rss = Probe.peakRSS(of: "\(child.pid)")
        if who == .dashboard { child.type("q") } else { child.signal(SIGTERM) }
        child.wait()
        let requests = r1 - r0, refreshed = g1 - g0, cpu = c1 - c0
        guard requests > 0 else { throw BenchError("\(who.rawValue) sent no requests") }
        let name = "poll.\(who.rawValue)"
        return [Figure(name: "\(name).requests", value: requests / seconds, unit: "requests/s"),
                Figure(name: "\(name).refreshed", value: refreshed / seconds, unit: "generations/s"),
                Figure(name: "\(name).cpu", value: cpu / seconds * 100, unit: "% of a core"),
                Figure(name: "\(name).cpuPerRequest", value: cpu / requests * 1e6, unit: "µs/request"),
                Figure(name: "\(name).cpuPerRefresh", value: cpu / refreshed * 1e6, unit: "µs/generation"),
                Figure(name: "\(name).rss", value: rss, unit: "MiB")]
    }

    /// The Python loop of bench/peer: 8 threads, one round a second.
    func peer(base: String, idsFile: String) throws -> Child {
        let script = Samples.benchDirectory.appendingPathComponent("peer/poll.py").path
        return try Child(["python3", script, "--base-url", base, "--ids-file", idsFile, "--interval", "1",
                          "--workers", "8"], env: environment, stderr: scratch.path + "/peer.err")
    }

    /// `lumatop-bench serve` in its own process, and the port it listens on.
    func startServer(batch: Bool) throws -> (Child, Int) {
        let portFile = scratch.path + "/port-\(UUID().uuidString.prefix(8))"
        let server = try Child([bench, "serve", batch ? "--batch" : "--no-batch", portFile],
                               env: environment, stderr: scratch.path + "/server.err")
        var port = 0
        for _ in 0..<500 where port == 0 {
            port = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
            usleep(10_000)
        }
        guard port > 0 else {
            server.signal(SIGKILL)
            server.wait()
            throw BenchError("the bench server did not start")
        }
        return (server, port)
    }

    /// The peer's decode: json.loads, and json.loads plus its objects, on the same answer.
    func peerDecode() throws -> [Figure] {
        let out = scratch.path + "/peer-decode.out"
        let script = Samples.benchDirectory.appendingPathComponent("peer/decode.py").path
        let child = try Child(["python3", script, Samples.benchDirectory.appendingPathComponent("example-answer.json").path],
                              env: environment, stdout: out, stderr: scratch.path + "/peer-decode.err")
        child.wait(timeout: 120)
        return try figures(in: out)
    }

    /// Pillow on the JPEG the preview case wrote (bench/peer/preview.py).
    func peerPreview() throws -> [Figure] {
        let out = scratch.path + "/peer-preview.out"
        let script = Samples.benchDirectory.appendingPathComponent("peer/preview.py").path
        let child = try Child(["python3", script, scratch.path + "/thumbnail.jpg"], env: environment, stdout: out,
                              stderr: scratch.path + "/peer-preview.err")
        child.wait(timeout: 120)
        return try figures(in: out)
    }

    /// Runs `lumatop-bench one NAME` in a fresh process and reads its figures.
    func inProcess(_ name: String, env extra: [String: String] = [:]) throws -> [Figure] {
        let out = scratch.path + "/\(name).out"
        let child = try Child([bench, "one", name], env: environment.merging(extra) { $1 }, stdout: out,
                              stderr: scratch.path + "/\(name).err")
        child.wait(timeout: 300)
        return try figures(in: out)
    }

    /// Lines "name value unit".
    private func figures(in path: String) throws -> [Figure] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let figures = text.split(separator: "\n").compactMap { line -> Figure? in
            let parts = line.split(separator: " ", maxSplits: 2)
            guard parts.count == 3, let v = Double(parts[1]) else { return nil }
            return Figure(name: String(parts[0]), value: v, unit: String(parts[2]))
        }
        guard !figures.isEmpty else { throw BenchError("no figures in \(path)") }
        return figures
    }
}
