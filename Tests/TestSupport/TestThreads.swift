import Foundation
import LumaKit

/// An executor on threads of its own for the tests that wait on processes and servers. Swift
/// Testing runs every test on the cooperative pool, as wide as the cores: a test elsewhere that
/// blocks a pool thread (a sleep, a semaphore) would hold up every resumption of these waiting
/// tests, and their timing windows would close. Here they resume whatever the pool is doing.
public final class TestThreads: TaskExecutor {
    public static let shared = TestThreads(count: 4)

    private let jobs = Locked<[UnownedJob]>([])
    private let ready = DispatchSemaphore(value: 0)

    init(count: Int) {
        for _ in 0..<count {
            Thread.detachNewThread { [self] in
                while true {
                    ready.wait()
                    let job = jobs.withLock { $0.removeFirst() }
                    job.runSynchronously(on: asUnownedTaskExecutor())
                }
            }
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        ready.signal()
    }
}
