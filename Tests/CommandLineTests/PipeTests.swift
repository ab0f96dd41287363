import Foundation
import Testing
import TestSupport

/// A reader that goes away ends the command quietly: 0 when it had a whole line, else 141.
@Suite(.startsProcesses) struct PipeTests {
    func run(_ args: [String], reader: ChildProcess.Output, env: [String: String]) async throws -> LumatopRun {
        try await startLumatop(args, env: env, output: reader).finish(timeout: 60)
    }

    func expectQuiet(_ run: LumatopRun, sourceLocation: SourceLocation = #_sourceLocation) {
        for word in ["Fatal", "fatal", "Backtrace", "Crash", "Thread 0", "EPIPE", "Broken pipe"] {
            #expect(!run.stderr.contains(word), "stderr: \(run.stderr)", sourceLocation: sourceLocation)
        }
    }

    @Test func watchIntoHeadOneEndsWithZeroAfterItsLine() async throws {
        let sandbox = try Sandbox()
        let env = sandbox.env(key: nil, ["LUMATOP_DEMO_TIMESCALE": "60"])
        for args in [["watch", "--demo", "--interval", "1"], ["watch", "--json", "--demo", "--interval", "1"]] {
            let r = try await run(args, reader: .firstLine, env: env)
            #expect(r.status == 0, describe(r))
            #expect(r.lines.count == 1, describe(r))
            expectQuiet(r)
        }
    }

    @Test func aReaderGoneBeforeAnyLineEndsWith141() async throws {
        let sandbox = try Sandbox()
        let env = sandbox.env(key: nil, ["LUMATOP_DEMO_TIMESCALE": "60"])
        #expect(await runLumatop(["track", "job-1", "job-2"], env: env).status == 0)
        for args in [["watch", "--demo", "--interval", "1"], ["status", "--json", "--demo"], ["status", "--demo"],
                     ["list"], ["list", "--json"], ["themes"]] {
            let r = try await run(args, reader: .readerGone, env: env)
            #expect(r.status == 141, "\(args): \(describe(r))")
            expectQuiet(r)
        }
    }

    @Test func statusIntoHeadOneEndsWithZero() async throws {
        let sandbox = try Sandbox()
        let env = sandbox.env(key: nil)
        for args in [["status", "--demo"], ["status", "--json", "--demo"]] {
            let r = try await run(args, reader: .firstLine, env: env)
            #expect(r.status == 0, describe(r))
            #expect(r.lines.count == 1)
            expectQuiet(r)
        }
    }
}
