import Foundation
import Testing
@testable import LumaKit

/// Each provider keeps its own list: the same id under two providers is two generations, and
/// switching providers never mixes them.
@Suite struct ProviderListTests {
    let t = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func theSameIDUnderTwoProvidersIsTwoGenerations() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let relay = TrackedList(directory: dir)
        let official = TrackedList(directory: dir, provider: .luma)
        try relay.track(["shared", "relay-only"], at: t)
        try official.track(["shared"], at: t)
        var asRelay = Generation(id: "shared", state: .processing, prompt: "from the relay")
        asRelay.provider = .quickrouter
        var asLuma = Generation(id: "shared", state: .processing, prompt: "from Luma")
        asLuma.provider = .luma
        asLuma.providerState = "dreaming"
        try relay.record([.init(id: "shared", answer: asRelay, at: t + 1)])
        try official.record([.init(id: "shared", answer: asLuma, at: t + 1)])

        // Read again from the files, as another process would.
        let relayRecords = try TrackedList(directory: dir).load().records
        let lumaRecords = try TrackedList(directory: dir, provider: .luma).load().records
        #expect(relayRecords.map(\.id) == ["shared", "relay-only"])
        #expect(lumaRecords.map(\.id) == ["shared"])
        #expect(relayRecords[0].answer?.prompt == "from the relay")
        #expect(lumaRecords[0].answer?.prompt == "from Luma")
        #expect(lumaRecords[0].answer?.stateWord == "dreaming")
        // Two files: QuickRouter's keeps the name it always had.
        #expect(relay.url.lastPathComponent == "lumatop.sqlite3")
        #expect(official.url.lastPathComponent == "lumatop-luma.sqlite3")
        #expect(FileManager.default.fileExists(atPath: relay.url.path))
        #expect(FileManager.default.fileExists(atPath: official.url.path))

        // Untracking under one leaves the other alone.
        try official.untrack(["shared"])
        #expect(try TrackedList(directory: dir).load().records.map(\.id) == ["shared", "relay-only"])
        #expect(try TrackedList(directory: dir, provider: .luma).load().records.isEmpty)
    }

    @Test func anOldTrackedJSONIsQuickRoutersOnly() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(at: LegacyImportTests.fixture, to: dir.appendingPathComponent("tracked.json"))
        #expect(try TrackedList(directory: dir, provider: .luma).load().records.isEmpty)
        #expect(try TrackedList(directory: dir).load().records.count == 6)
    }
}
