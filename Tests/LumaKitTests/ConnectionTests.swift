import Foundation
import Testing
import LumaDemo
@testable import LumaKit

/// The service's reachability as the store tells it, and network errors in words people read.
@Suite struct ConnectionTests {
    /// A request to a closed port on loopback: the status says offline, with the poller's next
    /// try, from the first failed request on. The poller's clock is a manual one that never moves.
    @Test func aClosedPortIsOfflineFromTheFirstFailure() throws {
        let refusing = try RefusingPort()
        let port = refusing.port
        let client = QuickRouterClient(endpoint: try ServiceEndpoint("http://127.0.0.1:\(port)"), apiKey: "k", timeout: 30)
        let clock = ManualScheduler()
        let store = GenerationStore(now: { clock.now })
        let policy = PollPolicy(interval: 5)
        let poller = Poller(client: client, store: store, policy: policy, scheduler: clock, random: { 0.5 })
        store.track(["abc123"])
        poller.start()
        defer { poller.stop() }
        // The answer comes back on the network's thread; the manual clock hands it to the poller.
        eventually("the first request to fail") {
            clock.run()
            return store.snapshot()["abc123"]?.lastError != nil
        }
        let snapshot = store.snapshot()
        #expect(snapshot["abc123"]?.polls == 1, "the first request")
        let offline = try #require(snapshot.status.offline)
        #expect(offline.error == snapshot["abc123"]?.lastError)
        #expect(offline.error.message == "connection refused")
        let retryAt = try #require(offline.retryAt)
        #expect(retryAt == clock.now + policy.backoff(failures: 1, unit: 0.5))
        let line = offline.line(now: clock.now)
        #expect(line == "offline: connection refused — retrying in \(Bounded.wholeSeconds(retryAt.timeIntervalSince(clock.now))) s")
    }

    /// The pool's own retries would hold the first failure back until its connect timeout.
    @Test func theClientFailsAtOnceAndLeavesRetriesToThePoller() {
        #expect(!QuickRouterClient.configuration(timeout: 30, proxy: nil).connectionPool.retryConnectionEstablishment)
    }

    @Test func anyAnswerMeansOnline() {
        var status = PollStatus()
        let refused = APIError.transport(.refused("x"))
        status.noteConnection(Result<Int, APIError>.failure(refused), retryAt: Date(timeIntervalSince1970: 8))
        #expect(status.offline == Offline(error: refused, retryAt: Date(timeIntervalSince1970: 8)))
        status.noteConnection(Result<Int, APIError>.failure(.server(status: 503)), retryAt: nil)
        #expect(status.offline == nil, "a 503 is an answer: the service is reachable")
        status.noteConnection(Result<Int, APIError>.failure(refused), retryAt: nil)
        status.noteConnection(Result<Int, APIError>.success(1), retryAt: nil)
        #expect(status.offline == nil)
    }

    @Test func theTitleLineCountsDownToTheRetry() {
        let now = Date(timeIntervalSince1970: 1000)
        let refused = APIError.transport(.refused("x"))
        #expect(Offline(error: refused, retryAt: now + 7.2).line(now: now) == "offline: connection refused — retrying in 8 s")
        #expect(Offline(error: refused, retryAt: now - 1).line(now: now) == "offline: connection refused — retrying now")
        #expect(Offline(error: refused, retryAt: nil).line(now: now) == "offline: connection refused")
    }

    /// Texts as the networking libraries give them, and the words shown instead.
    @Test(arguments: [
        (APIError.Transport.refused("connection reset (error set): Connection refused) (errno: 111)"), "connection refused"),
        (.other("NIOConnectionError(host: \"127.0.0.1\", port: 9, dnsAError: nil, connectionErrors: [connection reset (error set): Connection reset by peer (errno: 104)])"), "connection reset"),
        (.other("remoteConnectionClosed"), "connection closed early"),
        (.other("handshakeFailed(NIOSSL.BoringSSLError.sslError([Error: 268435581 error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED]))"), "TLS failed"),
        (.other("connect(descriptor:addr:size:): Network is unreachable (errno: 101)"), "network unreachable"),
        (.dns("NIOConnectionError(host: \"nowhere.invalid\", dnsAError: Optional(NIOCore.SocketAddressError.unknown(host: \"nowhere.invalid\", port: 443)))"), "host not found"),
        (.other("a request header could not be sent"), "a request header could not be sent"),
        (.other("something no one foresaw (errno: 999)"), "network error"),
        (.timeout(seconds: 20), "no answer within 20 s"),
    ])
    func errorsAreWordedForPeople(transport: APIError.Transport, words: String) {
        let message = APIError.transport(transport).message
        #expect(message == words)
        #expect(!message.contains("errno") && !message.contains("("), "\(message)")
    }
}
