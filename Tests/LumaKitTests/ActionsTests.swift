import Foundation
import Testing
@testable import LumaKit

/// A folder holding one executable shell script; removed on deinit.
final class FakeProgram: @unchecked Sendable {
    let dir = temporaryDirectory()
    let log: URL
    let path: String

    /// The script writes its argument count, then each argument on its own line, to `log`.
    init(name: String, script: String? = nil) throws {
        log = dir.appendingPathComponent("\(name).log")
        path = dir.appendingPathComponent(name).path
        let body = script ?? "printf '%s\\n' \"$#\" \"$@\" > '\(log.path)'"
        try "#!/bin/sh\n\(body)\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
    }

    var logged: [String]? {
        (try? String(contentsOf: log, encoding: .utf8)).map { $0.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
    }

    deinit { try? FileManager.default.removeItem(at: dir) }
}

@Suite(.waitsOffThePool) struct OpenerTests {
    @Test func browserWinsThenXdgOpenAndTheURLIsOneArgumentAfterTheOptions() throws {
        let fake = try FakeProgram(name: "xdg-open")
        let browser = try FakeProgram(name: "mybrowser")
        let url = try WebURL("https://cdn.example/a%20b/$(touch$IFS$9pwned);x.mp4")
        var env = ["PATH": fake.dir.path]
        // xdg-open takes `--` for an unknown option: the URL alone (it never starts with `-`).
        #expect(Opener.command(for: url, environment: env) == [fake.path, url.text])
        env["BROWSER"] = "xdg-open"
        #expect(Opener.command(for: url, environment: env) == [fake.path, url.text])
        // A browser takes options: `--` ends them.
        env["BROWSER"] = "missing-one:\(browser.path) --new-window"
        #expect(Opener.command(for: url, environment: env) == [browser.path, "--new-window", "--", url.text])
        // `%s` puts the URL where the user said, as it is.
        env["BROWSER"] = "\(browser.path) %s --x"
        #expect(Opener.command(for: url, environment: env) == [browser.path, url.text, "--x"])
        #expect(Opener.command(for: url, environment: ["PATH": "/nonexistent"]) == nil)
    }

    @Test func theOpenerRunsWithTheURLAsItsOnlyArgumentAndNoShell() async throws {
        let fake = try FakeProgram(name: "xdg-open")
        let url = try WebURL("https://cdn.example/a%20b/$(touch$IFS$9\(fake.dir.path)/pwned);x.mp4")
        let done = Locked(Result<Void, Opener.Failure>?.none)
        Opener.open(url, environment: ["PATH": fake.dir.path]) { r in done.withLock { $0 = r } }
        await eventually("the opener finished") { done.current != nil }
        #expect(done.current.map { if case .success = $0 { true } else { false } } == true, "\(String(describing: done.current))")
        #expect(fake.logged == ["1", url.text])
        #expect(!FileManager.default.fileExists(atPath: fake.dir.appendingPathComponent("pwned").path))

        let browser = try FakeProgram(name: "firefox")
        done.withLock { $0 = nil }
        Opener.open(url, environment: ["PATH": fake.dir.path, "BROWSER": browser.path]) { r in done.withLock { $0 = r } }
        await eventually("the browser finished") { done.current != nil }
        #expect(browser.logged == ["2", "--", url.text])
    }

    @Test func noOpenerAndAFailingOneAreReported() async throws {
        let done = Locked(Result<Void, Opener.Failure>?.none)
        Opener.open(try WebURL("https://x"), environment: ["PATH": "/nonexistent"]) { r in done.withLock { $0 = r } }
        #expect(done.current.map { if case .failure(.noOpener) = $0 { true } else { false } } == true)

        let failing = try FakeProgram(name: "xdg-open", script: "exit 3")
        done.withLock { $0 = nil }
        Opener.open(try WebURL("https://x"), environment: ["PATH": failing.dir.path]) { r in done.withLock { $0 = r } }
        await eventually("the opener finished") { done.current != nil }
        #expect(done.current.map { if case .failure(.failed("xdg-open", 3)) = $0 { true } else { false } } == true)
    }
}

@Suite struct CompletionHookTests {
    @Test func theCommandGetsTheGenerationInItsEnvironmentOnly() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("env.txt").path
        let hook = CompletionHook(command: "env > '\(out)'", environment: ["PATH": "/usr/bin:/bin"])
        var g = TrackedGeneration(id: "job-1", firstSeen: Date())
        // Server text that would be dangerous inside a shell string.
        g.generation = Generation(id: "job-1", state: .completed, prompt: "$(touch \(dir.path)/pwned)",
                                  video: Media(url: "https://cdn.example/v.mp4?a=1&b=$(id)"),
                                  videoRaw: Media(url: "https://cdn.example/raw.mp4"))
        hook.run(for: g)
        hook.waitForAll()
        let env = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(env.contains("LUMATOP_ID=job-1"))
        #expect(env.contains("LUMATOP_STATE=completed"))
        #expect(env.contains("LUMATOP_VIDEO_URL=https://cdn.example/v.mp4?a=1&b=$(id)"))
        #expect(env.contains("LUMATOP_DOWNLOAD_URL=https://cdn.example/raw.mp4"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("pwned").path))
    }

    @Test func aURLThatMayNotLeaveLumatopReachesTheCommandEmpty() {
        var g = TrackedGeneration(id: "job-1", firstSeen: Date())
        g.generation = Generation(id: "job-1", state: .completed, video: Media(url: "file:///etc/passwd"),
                                  videoRaw: Media(url: "https://user:pw@cdn.example/raw.mp4"))
        let vars = CompletionHook.variables(for: g)
        #expect(vars["LUMATOP_VIDEO_URL"] == "")
        #expect(vars["LUMATOP_DOWNLOAD_URL"] == "")
    }

    @Test func theCommandInheritsNoneOfOurFiles() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let leaky = open(dir.appendingPathComponent("held").path, O_CREAT | O_WRONLY, 0o600)  // no O_CLOEXEC
        defer { close(leaky) }
        let out = dir.appendingPathComponent("fds.txt").path
        let hook = CompletionHook(command: "ls /proc/$$/fd > '\(out)'", environment: ["PATH": "/usr/bin:/bin"])
        hook.run(for: TrackedGeneration(id: "job-3", firstSeen: Date()))
        hook.waitForAll()
        let fds = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").compactMap { Int32($0) }
        #expect(leaky > 2)
        #expect(!fds.contains(leaky), "\(fds)")
    }

    @Test func aFailingCommandIsReported() {
        let hook = CompletionHook(command: "exit 7", environment: [:])
        let failure = Locked(String?.none)
        hook.run(for: TrackedGeneration(id: "job-2", firstSeen: Date())) { f in failure.withLock { $0 = f } }
        hook.waitForAll()
        #expect(failure.current == "--on-complete for job-2 exited with status 7")
    }
}

@Suite struct FinishTrackerTests {
    func tracked(_ id: String, _ state: GenerationState?) -> TrackedGeneration {
        TrackedGeneration(id: id, generation: state.map { Generation(id: id, state: $0) }, firstSeen: Date())
    }

    @Test func onlyFinishesSeenHappeningAreNews() {
        let store = GenerationStore()
        store.insert([tracked("running", .processing), tracked("done", .completed), tracked("unanswered", nil)])
        var tracker = FinishTracker(store.snapshot())
        let seen = [("running", GenerationState.processing), ("running", .completed), ("running", .completed),
                    ("done", .completed), ("unanswered", .failed), ("added-later", .failed),
                    ("added-later-2", .pending), ("added-later-2", .completed)]
            .map { tracker.observe(tracked($0.0, $0.1)) }
        // News: processing → completed (once), one tracked while we watched that is already failed,
        // and pending → completed. Not news: done at start, and the first answer of one on the list
        // from the start (it may have failed long ago).
        #expect(seen == [false, true, false, false, false, true, false, true])
    }
}
