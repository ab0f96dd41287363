import CursesTerminal
import Foundation
import LumaKit
import LumaUI

/// One figure: a name, a value, a unit.
struct Figure {
    let name: String
    let value: Double
    let unit: String
}

/// The measurements that run inside one fresh process each (`lumatop-bench one NAME`).
enum InProcess {
    static let names = ["decode", "store", "render", "bytes", "memory", "save"]

    static func run(_ name: String) throws -> [Figure] {
        switch name {
        case "decode": return decode()
        case "store": return store()
        case "render": return render()
        case "bytes": return try bytes()
        case "memory": return try memory()
        case "save": return try save()
        default: throw BenchError("unknown measurement \(name)")
        }
    }

    /// The documented example answer through the same decoder the client uses.
    static func decode() -> [Figure] {
        let body = Samples.example
        var states = 0
        for _ in 0..<1_000 { states += (try? GenerationDecoder.decode(body))?.id.count ?? 0 }
        let n = 20_000
        let t0 = Probe.nanos()
        for _ in 0..<n { states += (try? GenerationDecoder.decode(body))?.id.count ?? 0 }
        let us = Double(Probe.nanos() - t0) / 1e3 / Double(n)
        precondition(states > 0)
        return [Figure(name: "decode", value: us, unit: "µs/answer")]
    }

    /// 10,000 answers applied to a store of 10,000 with the engine's three kinds of subscriber: the
    /// dashboard's (one byte to a pipe), the saver's (work queued on its own queue) and the
    /// poller's (looks at the event, ignores it).
    static func store() -> [Figure] {
        let store = GenerationStore()
        let now = Date()
        let tracked = Samples.tracked(10_000, now: now)
        store.insert(tracked)
        var fds: [Int32] = [0, 0]
        pipe(&fds)
        let (wakeRead, wakeWrite) = (fds[0], fds[1])
        _ = fcntl(wakeWrite, F_SETFL, O_NONBLOCK)
        let drain = Thread {
            var sink = [UInt8](repeating: 0, count: 4096)
            while read(wakeRead, &sink, sink.count) > 0 {}
        }
        drain.start()
        let saverQueue = DispatchQueue(label: "bench.saver")
        let saved = Locked(Set<String>())
        let seen = Locked(0)
        let subscriptions = [
            store.events.subscribe { _ in var b: UInt8 = 1; _ = write(wakeWrite, &b, 1) },
            store.events.subscribe { e in
                guard case .updated(let id, _, _) = e else { return }
                saverQueue.async { _ = saved.withLock { $0.insert(id) } }
            },
            store.events.subscribe { e in if case .tracked = e { seen.withLock { $0 += 1 } } },
        ]
        // Each id gets the other state's answer, so every update changes a state.
        let answers = tracked.map { g -> Generation in
            var a = g.generation!
            a.state = a.state == .completed ? .processing : .completed
            return a
        }
        let n = answers.count
        let t0 = Probe.nanos()
        for a in answers { store.apply(a.id, .success(a), at: now, nextPollAt: nil) }
        // Delivery is queued: the figure counts it done, as it did when it ran on this thread.
        store.events.flush()
        let us = Double(Probe.nanos() - t0) / 1e3 / Double(n)
        saverQueue.sync {}
        precondition(saved.withLock { $0.count } == n)
        subscriptions.forEach { $0.cancel() }
        return [Figure(name: "store", value: us, unit: "µs/update")]
    }

    /// In the system's zone, as the dashboard draws it (a `TimeZone` would set up ICU, which the
    /// dashboard no longer does).
    static func frame(_ snapshot: StoreSnapshot, width: Int, height: Int, now: Date) -> Frame {
        Frame(state: DashboardState(), snapshot: snapshot, width: width, height: height, now: now,
              host: "api.quickrouter.ai", theme: .default, colorMode: .indexed256)
    }

    /// One whole frame with 10,000 tracked, as the dashboard's loop makes it: keep the selection in
    /// view, then render. Both parts are reported.
    static func render() -> [Figure] {
        let now = Date()
        let store = GenerationStore()
        store.insert(Samples.tracked(10_000, now: now))
        let snapshot = store.snapshot()
        var figures: [Figure] = []
        for (w, h) in [(200, 60), (80, 24)] {
            var cells = 0
            let f = frame(snapshot, width: w, height: h, now: now)
            for _ in 0..<3 { cells += DashboardView.render(f).cells.count }
            // Fewer under valgrind: LUMATOP_BENCH_FRAMES=2.
            let n = ProcessInfo.processInfo.environment["LUMATOP_BENCH_FRAMES"].flatMap(Int.init) ?? 30
            var t0 = Probe.nanos()
            for _ in 0..<n { cells += DashboardView.render(f).cells.count }
            let render = Double(Probe.nanos() - t0) / 1e6 / Double(n)
            t0 = Probe.nanos()
            for _ in 0..<n {
                var state = f.state
                state.scrollIntoView(snapshot, visibleRows: DashboardView.listRows(width: w, height: h, zoomed: false))
                var g = f
                g.state = state
                cells += DashboardView.render(g).cells.count
            }
            let whole = Double(Probe.nanos() - t0) / 1e6 / Double(n)
            precondition(cells > 0)
            figures.append(Figure(name: "render.\(w)x\(h)", value: render, unit: "ms/frame"))
            figures.append(Figure(name: "frame.\(w)x\(h)", value: whole, unit: "ms/frame"))
        }
        return figures
    }

    /// Bytes ncurses writes to a real pseudo-terminal (xterm-256color) when one row of the list
    /// changes state: a generation under the selection goes from processing to completed one
    /// second after the last poll, so the title's "last poll" clock moves too.
    static func bytes() throws -> [Figure] {
        var figures: [Figure] = []
        for (w, h) in [(200, 60), (80, 24)] {
            let (first, change) = try bytesOnPty(width: w, height: h)
            figures.append(Figure(name: "bytes.first.\(w)x\(h)", value: Double(first), unit: "bytes"))
            figures.append(Figure(name: "bytes.row.\(w)x\(h)", value: Double(change), unit: "bytes"))
        }
        return figures
    }

    private static func bytesOnPty(width: Int, height: Int) throws -> (first: Int, change: Int) {
        let (master, name) = try Pty.open(width: width, height: height)
        let slave = open(name, O_RDWR | O_NOCTTY)
        let count = Locked((bytes: 0, last: UInt64(0)))
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(master, &buffer, buffer.count)
                if n <= 0 { return }
                count.withLock { $0 = ($0.bytes + n, Probe.nanos()) }
            }
        }
        reader.start()
        func settled() -> Int {
            while true {
                usleep(50_000)
                let c = count.withLock { $0 }
                if Probe.nanos() - c.last > 150_000_000 { return c.bytes }
            }
        }
        setenv("TERM", "xterm-256color", 1)
        let screen = try CursesScreen(environment: ["TERM": "xterm-256color"], input: slave, output: slave)
        let now = Date()
        let store = GenerationStore()
        store.insert(Samples.tracked(10_000, now: now))
        // Newest first: the fourth row from the top is the newest id but three.
        let row = Samples.id(10_000 - 4)
        var answer = store.snapshot()[row]!.generation!
        answer.state = .processing
        store.apply(row, .success(answer), at: now, nextPollAt: now + 1)
        screen.draw(DashboardView.render(frame(store.snapshot(), width: width, height: height, now: now)))
        let first = settled()
        answer.state = .completed
        store.apply(row, .success(answer), at: now + 1, nextPollAt: nil)
        screen.draw(DashboardView.render(frame(store.snapshot(), width: width, height: height, now: now + 1)))
        let after = settled()
        screen.close()
        close(slave)
        return (first, after - first)
    }

    /// Peak RSS of a process that loads a tracked list of 10,000 full answers from the state file
    /// (as the dashboard does) and renders one 200×60 frame of it. The file is made beforehand by
    /// the parent and named in LUMATOP_BENCH_STATE.
    static func memory() throws -> [Figure] {
        guard let dir = ProcessInfo.processInfo.environment["LUMATOP_BENCH_STATE"] else {
            throw BenchError("LUMATOP_BENCH_STATE is not set")
        }
        let before = Probe.peakRSS()
        let beforeFile = (Probe.status("RssFile") ?? 0) / 1024
        let engine = Engine(client: NoClient(), list: TrackedList(directory: URL(fileURLWithPath: dir)),
                            policy: PollPolicy())
        try engine.load()
        let snapshot = engine.store.snapshot()
        precondition(snapshot.generations.count == 10_000 && snapshot.generations.allSatisfy { $0.generation != nil })
        let buffer = DashboardView.render(frame(snapshot, width: 200, height: 60, now: Date()))
        precondition(buffer.cells.count == 200 * 60)
        return [Figure(name: "memory.peak", value: Probe.peakRSS(), unit: "MiB"),
                Figure(name: "memory.resident", value: (Probe.status("VmRSS") ?? 0) / 1024, unit: "MiB"),
                // Of the resident set: the heap and other private memory, and the pages of code
                // and data mapped from files (the libraries).
                Figure(name: "memory.anonymous", value: (Probe.status("RssAnon") ?? 0) / 1024, unit: "MiB"),
                Figure(name: "memory.fileBacked", value: (Probe.status("RssFile") ?? 0) / 1024, unit: "MiB"),
                Figure(name: "memory.baseline", value: before, unit: "MiB"),
                Figure(name: "memory.baselineFileBacked", value: beforeFile, unit: "MiB")]
    }
}

extension InProcess {
    /// One insert of 10,000 full answers into an empty tracked list (as an import of a
    /// `tracked.json` does): its time, and how much the peak resident set grew over the records held.
    /// The directory is on /dev/shm, so the figure is the work of writing, not the disk's flush.
    static func save() throws -> [Figure] {
        let records = Samples.tracked(10_000, now: Date()).map(TrackedRecord.init)
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? URL(fileURLWithPath: "/dev/shm")
            : FileManager.default.temporaryDirectory
        func directory(_ n: Int) -> URL { base.appendingPathComponent("lumatop-bench-save-\(getpid())-\(n)") }
        defer { for n in 0..<2 { try? FileManager.default.removeItem(at: directory(n)) } }
        // A first save warms the code and the allocator; the second is measured.
        try TrackedList(directory: directory(0)).insert(records)
        try? FileManager.default.removeItem(at: directory(0))
        Probe.resetPeakRSS()
        let before = Probe.peakRSS()
        let t0 = Probe.nanos()
        try TrackedList(directory: directory(1)).insert(records)
        let ms = Double(Probe.nanos() - t0) / 1e6
        return [Figure(name: "save.time", value: ms, unit: "ms/save of 10,000"),
                Figure(name: "save.peakGrowth", value: Probe.peakRSS() - before, unit: "MiB")]
    }
}

/// A client that never reaches anything: the memory case polls nothing.
struct NoClient: GenerationsClient {
    func fetch(_ id: String, completion: @escaping @Sendable (Result<Generation, APIError>) -> Void) {
        completion(.failure(.notFound))
    }
}
