import Foundation
import LumaKit

/// Runs every measurement `runs` times, in fresh processes, and prints median, min and max of
/// each figure with the peer ratios.
struct Orchestra {
    let runs: Int
    let only: Set<String>?
    let idleSeconds: Double

    func wanted(_ name: String) -> Bool { only?.contains(name) ?? true }

    func run(json: String?) throws {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        let lumatop = dir.appendingPathComponent("lumatop").path
        guard FileManager.default.isExecutableFile(atPath: lumatop) else {
            throw BenchError("\(lumatop) is missing: build it first (swift build -c release)")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lumatop-bench-\(getpid())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let p = Processes(lumatop: lumatop, bench: exe, scratch: scratch)
        var samples: [String: (unit: String, values: [Double])] = [:]
        func add(_ figures: [Figure]) {
            for f in figures { samples[f.name, default: (f.unit, [])].values.append(f.value) }
        }
        func say(_ what: String) { FileHandle.standardError.write(Data("· \(what)\n".utf8)) }

        for name in ["decode", "store", "render", "bytes", "save"] where wanted(name) {
            say(name)
            for _ in 0..<runs { add(try p.inProcess(name)) }
        }
        if wanted("preview") {
            say("preview, and the peer's (Pillow) on the same JPEG")
            for _ in 0..<runs {
                add(try p.inProcess("preview", env: ["LUMATOP_BENCH_JPEG": p.scratch.path + "/thumbnail.jpg"]))
                add(try p.peerPreview())
            }
        }
        if wanted("peer-decode") {
            say("peer decode")
            for _ in 0..<runs { add(try p.peerDecode()) }
        }
        if wanted("memory") {
            say("memory (writing a state file of 10,000 full answers)")
            let state = try Samples.stateDirectory(10_000, answers: true)
            defer { try? FileManager.default.removeItem(at: state) }
            for _ in 0..<runs { add(try p.inProcess("memory", env: ["LUMATOP_BENCH_STATE": state.path])) }
        }
        if wanted("startup") || wanted("idle") {
            let state = try Samples.stateDirectory(1_000, answers: true)
            defer { try? FileManager.default.removeItem(at: state) }
            if wanted("startup") {
                say("startup")
                for _ in 0..<runs { add(try p.startup(state: state)) }
            }
            if wanted("idle") {
                say("idle: \(runs) dashboards side by side for \(Int(idleSeconds)) s")
                for figures in try p.idle(state: state, count: runs, seconds: idleSeconds) { add(figures) }
            }
        }
        if wanted("polling") {
            for who in [Processes.Poller.watchBatch, .watchSingle, .peer, .dashboard] {
                say("polling: \(who.rawValue)")
                for _ in 0..<runs { add(try p.polling(who)) }
            }
        }
        if wanted("steady") {
            for n in Processes.steadyFinished {
                say("steady: \(n) finished + \(Processes.steadyActive) processing, the dashboard and the peer")
                for _ in 0..<runs { add(try p.steady(finished: n)) }
            }
        }
        print(Self.table(samples))
        if let json {
            let object = samples.mapValues { ["unit": $0.unit, "values": $0.values] as [String: Any] }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            try data.write(to: URL(fileURLWithPath: json))
        }
    }

    static func median(_ v: [Double]) -> Double {
        let s = v.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    static func format(_ v: Double) -> String {
        abs(v) >= 100 ? String(format: "%.0f", v) : abs(v) >= 10 ? String(format: "%.1f", v) : String(format: "%.2f", v)
    }

    static func table(_ samples: [String: (unit: String, values: [Double])]) -> String {
        var lines = ["| figure | median | min | max | unit | runs |", "|---|---:|---:|---:|---|---:|"]
        for (name, s) in samples.sorted(by: { $0.key < $1.key }) {
            lines.append("| \(name) | \(format(median(s.values))) | \(format(s.values.min()!)) | \(format(s.values.max()!)) | \(s.unit) | \(s.values.count) |")
        }
        let m = samples.mapValues { median($0.values) }
        let ratios: [(String, String, String)] = [
            ("decode vs peer json.loads + objects", "decode", "peer.decode.objects"),
            ("preview decode + scale vs peer (Pillow)", "preview.decodeScale", "peer.preview.decodeScale"),
            ("decode vs peer json.loads alone", "decode", "peer.decode.loads"),
            ("CPU/request, lumatop watch (batch) vs peer", "poll.lumatop.batch.cpuPerRequest", "poll.peer.cpuPerRequest"),
            ("CPU/request, lumatop watch (single GETs) vs peer", "poll.lumatop.single.cpuPerRequest", "poll.peer.cpuPerRequest"),
            ("CPU/generation, lumatop watch (batch) vs peer", "poll.lumatop.batch.cpuPerRefresh", "poll.peer.cpuPerRefresh"),
            ("CPU/generation, lumatop watch (single) vs peer", "poll.lumatop.single.cpuPerRefresh", "poll.peer.cpuPerRefresh"),
            ("CPU/generation, dashboard (batch) vs peer", "poll.dashboard.batch.cpuPerRefresh", "poll.peer.cpuPerRefresh"),
            ("RSS polling, lumatop watch (batch) vs peer", "poll.lumatop.batch.rss", "poll.peer.rss"),
            ("RSS polling, lumatop watch (single) vs peer", "poll.lumatop.single.rss", "poll.peer.rss"),
            ("CPU/refresh, steady 10,000 finished vs peer", "steady.10000.lumatop.cpuExact", "steady.10000.peer.cpuExact"),
        ]
        lines += ["", "| ratio (of medians) | ours / peer |", "|---|---:|"]
        for (label, ours, peer) in ratios {
            guard let a = m[ours], let b = m[peer], b > 0 else { continue }
            lines.append("| \(label) | \(String(format: "%.2f", a / b)) |")
        }
        return lines.joined(separator: "\n")
    }
}
