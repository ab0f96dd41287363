import Foundation
import Testing
import TestSupport
import LumaDemo
@testable import LumaKit

/// The account's recent list and credits on the manual clock, over real HTTP on loopback: read in
/// pages, shown marked recent, re-read every 30 s while something is active and every 60 s
/// otherwise, so a generation made elsewhere appears.
@Suite(.waitsOffThePool) struct AccountListTests {
    func credits(_ cents: Int) -> DemoResponse { .json(200, Data(#"{"credit_balance": \#(cents)}"#.utf8)) }

    @Test func threePagesComeInMarkedRecentBesideTheTrackedOnes() async throws {
        let net = try LumaLoopback()
        let ids = (0..<250).map { "g\($0)" }
        net.route("GET /generations?limit=100&offset=0", [page(Array(ids[0..<100]), hasMore: true)])
        net.route("GET /generations?limit=100&offset=100", [page(Array(ids[100..<200]), hasMore: true, offset: 100)])
        net.route("GET /generations?limit=50&offset=200", [page(Array(ids[200..<250]), hasMore: false, offset: 200)])
        net.route("GET /credits", [credits(1234)])
        let clock = ManualScheduler()
        let store = GenerationStore(now: { clock.now })
        store.track(["g7"])
        let account = AccountList(reader: net.client, store: store, limit: 250, scheduler: clock)
        account.start()
        defer { account.stop() }
        await eventually("the list and the credits") { store.snapshot().status.credits != nil && clock.pending == 1 }
        let snapshot = store.snapshot()
        #expect(snapshot.generations.count == 250)
        #expect(snapshot.generations.filter(\.isRecent).count == 249)
        // The tracked one stays tracked and takes the list's answer.
        #expect(snapshot["g7"]?.isRecent == false && snapshot["g7"]?.generation?.state == .completed)
        #expect(snapshot.status.credits == "$12.34")
        #expect(net.arrived.map(\.query).filter { !$0.isEmpty } == ["limit=100&offset=0", "limit=100&offset=100", "limit=50&offset=200"])
    }

    @Test func aGenerationMadeElsewhereAppearsAtTheNextRead() async throws {
        let net = try LumaLoopback()
        let dreaming = #"{"generations": [\#(official("new-1", state: "dreaming")), \#(official("old-1"))], "has_more": false}"#
        net.route("GET /generations?limit=100&offset=0", [page(["old-1"], hasMore: false), .json(200, Data(dreaming.utf8)),
                                                          page(["new-1", "old-1"], hasMore: false)])
        net.route("GET /credits", [credits(500), credits(420)])
        let clock = ManualScheduler()
        let store = GenerationStore(now: { clock.now })
        let account = AccountList(reader: net.client, store: store, scheduler: clock)
        account.start()
        defer { account.stop() }
        func reads() -> Int { net.arrived.filter { $0.path.hasSuffix("/generations") }.count }
        await eventually("the first read") { store.snapshot().status.credits == "$5.00" && clock.pending == 1 }
        #expect(store.snapshot().generations.map(\.id) == ["old-1"])

        // Nothing active: the next read is a minute away.
        clock.advance(by: AccountList.activeEvery)
        #expect(reads() == 1)
        clock.advance(by: AccountList.idleEvery - AccountList.activeEvery)
        await eventually("the second read") { store.snapshot()["new-1"] != nil && clock.pending == 1 }
        let seen = store.snapshot()
        #expect(seen["new-1"]?.isRecent == true)
        #expect(seen["new-1"]?.conditionWord == "dreaming")
        #expect(seen.status.credits == "$4.20")

        // Something active: half a minute.
        clock.advance(by: AccountList.activeEvery)
        await eventually("the third read") { store.snapshot()["new-1"]?.generation?.state == .completed }
        #expect(reads() == 3)
    }

    @Test func noCreditsEndpointIsQuietAndAFailedListIsSaidOnce() async throws {
        let net = try LumaLoopback()
        net.route("GET /generations?limit=100&offset=0", [.json(500, Data(#"{"detail": "boom"}"#.utf8))])
        let clock = ManualScheduler()
        let store = GenerationStore(now: { clock.now })
        let said = Locked([APIError]())
        let account = AccountList(reader: net.client, store: store, scheduler: clock, onError: { e in said.withLock { $0.append(e) } })
        account.start()
        defer { account.stop() }
        await eventually("the first read") { clock.pending == 1 }
        #expect(store.snapshot().status.credits == nil)
        #expect(said.current.count == 1)
        clock.advance(by: AccountList.idleEvery)
        await eventually("the second read") { net.arrived.filter { $0.path.hasSuffix("/generations") }.count == 2 && clock.pending == 1 }
        #expect(said.current.count == 1, "the same failure is not said again")
        #expect(store.snapshot().generations.isEmpty)
    }
}
