import LumaKit
import Testing

/// A trait for suites whose tests wait on processes and servers: they run on `TestThreads`, and
/// at most so many of them at once. They are async and mostly wait, so many could; but each
/// started process wants the CPU (two cores, shared), and with all of them at once every wait
/// stretches until timing windows in the tests close (a dashboard's message lasts seconds).
/// Tests never wait on each other, so a queue cannot deadlock.
public struct Admission: TestTrait, SuiteTrait, TestScoping {
    /// Command-line runs: short processes, mostly waiting on loopback servers.
    static let commands = Slots(12)
    /// Dashboards in tmux: each redraws, and is read back through a tmux client per look.
    static let terminals = Slots(4)

    let slots: Slots?

    public var isRecursive: Bool { true }

    public func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        testCase == nil ? nil : self
    }

    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        try await withTaskExecutorPreference(TestThreads.shared) {
            await slots?.acquire()
            defer { slots?.release() }
            try await function()
        }
    }
}

extension Trait where Self == Admission {
    /// Runs among the few tests that start command-line processes at once.
    public static var startsProcesses: Self { Admission(slots: Admission.commands) }
    /// Runs among the fewer tests that drive a dashboard in tmux at once.
    public static var drivesTerminal: Self { Admission(slots: Admission.terminals) }
    /// Runs on `TestThreads`, as many at once as come: for tests that wait on servers or children.
    public static var waitsOffThePool: Self { Admission(slots: nil) }
}

/// A counting semaphore that suspends instead of blocking a thread.
final class Slots: Sendable {
    private struct State {
        var free: Int
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Locked<State>

    init(_ count: Int) { state = Locked(State(free: count)) }

    func acquire() async {
        await withCheckedContinuation { continuation in
            let admitted = state.withLock { s -> Bool in
                guard s.free > 0 else {
                    s.waiting.append(continuation)
                    return false
                }
                s.free -= 1
                return true
            }
            if admitted { continuation.resume() }
        }
    }

    func release() {
        let next = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if s.waiting.isEmpty {
                s.free += 1
                return nil
            }
            return s.waiting.removeFirst()
        }
        next?.resume()
    }
}
