import Foundation
import Testing
@testable import LumaKit

/// Delivery order, re-entrant publishes, channels feeding each other, cancellation.
@Suite struct ChannelTests {
    /// A subscriber that publishes from its callback: every subscriber still sees one order, the
    /// caused event after its cause.
    @Test func aReentrantPublishKeepsOneOrderForEverySubscriber() {
        let channel = Channel<Int>()
        let first = Locked([Int]()), second = Locked([Int]())
        let a = channel.subscribe { v in
            first.withLock { $0.append(v) }
            if v < 100 { channel.publish(v + 100) }
        }
        let b = channel.subscribe { v in second.withLock { $0.append(v) } }
        DispatchQueue.concurrentPerform(iterations: 4) { t in
            for i in 0..<25 { channel.publish(t * 25 + i) }
        }
        eventually(timeout: 10, "every event delivered") { first.current.count == 200 && second.current.count == 200 }
        #expect(first.current == second.current)
        let seen = first.current
        for v in 0..<100 {
            let cause = seen.firstIndex(of: v), effect = seen.firstIndex(of: v + 100)
            #expect(cause != nil && effect != nil && cause! < effect!, "\(v + 100) came before \(v)")
        }
        _ = (a, b)
    }

    /// A subscriber of one channel publishes to the other and back, from several threads at once:
    /// no deadlock, nothing lost.
    @Test func twoChannelsFeedingEachOtherNeitherDeadlockNorLose() {
        let ping = Channel<Int>(), pong = Channel<Int>()
        let heard = Locked(0)
        let a = ping.subscribe { hops in
            heard.withLock { $0 += 1 }
            if hops > 0 { pong.publish(hops - 1) }
        }
        let b = pong.subscribe { hops in
            heard.withLock { $0 += 1 }
            if hops > 0 { ping.publish(hops - 1) }
        }
        let threads = 8, rounds = 50, hops = 10
        let done = DispatchSemaphore(value: 0)
        for t in 0..<threads {
            Thread {
                for _ in 0..<rounds { (t.isMultiple(of: 2) ? ping : pong).publish(hops) }
                done.signal()
            }.start()
        }
        let deadline = DispatchTime.now() + 20
        var finished = 0
        for _ in 0..<threads where done.wait(timeout: deadline) == .success { finished += 1 }
        #expect(finished == threads, "publishers stuck: a deadlock")
        // Each publish travels hops + 1 deliveries.
        let expected = threads * rounds * (hops + 1)
        eventually(timeout: 20, "every hop delivered") { heard.current == expected }
        #expect(heard.current == expected)
        _ = (a, b)
    }

    /// Once `cancel` returns, the callback is not running and never runs again, even while another
    /// subscriber's callback holds up the same event.
    @Test func aCancelledSubscriptionHearsNothingAfterCancelReturns() {
        let channel = Channel<Int>()
        let entered = DispatchSemaphore(value: 0), goOn = DispatchSemaphore(value: 0)
        let cancelReturned = Locked(false)
        let lateCalls = Locked(0)
        let slow = channel.subscribe { v in
            guard v == 1 else { return }
            entered.signal()
            _ = goOn.wait(timeout: .now() + 5)
        }
        let cancelled = channel.subscribe { _ in
            if cancelReturned.current { lateCalls.withLock { $0 += 1 } }
        }
        let publisher = DispatchSemaphore(value: 0)
        Thread {
            for v in 1...50 { channel.publish(v) }
            publisher.signal()
        }.start()
        #expect(entered.wait(timeout: .now() + 10) == .success)
        cancelled.cancel()
        cancelReturned.withLock { $0 = true }
        goOn.signal()
        #expect(publisher.wait(timeout: .now() + 10) == .success)
        slow.cancel()
        #expect(lateCalls.current == 0, "heard \(lateCalls.current) events after cancel returned")
        #expect(channel.subscriberCount == 0)
    }
}
