import Foundation
import Testing
@testable import LumaKit
@testable import LumaUI

/// An answer of the official API on screen: the provider's own state words, what was asked for,
/// the progress clip among the URLs, an image without duration.
@Suite struct OfficialDetailTests {
    func official(_ id: String, _ state: GenerationState, word: String?) -> TrackedGeneration {
        var g = Generation(id: id, state: state, prompt: "a lighthouse at dusk", aspectRatio: "9:16",
                           createdAt: Samples.now - 120)
        g.provider = .luma
        g.providerState = word
        g.generationType = "video"
        g.model = "ray-2"
        g.resolution = "720p"
        g.requestedDuration = "5s"
        return TrackedGeneration(id: id, generation: g, firstSeen: Samples.now - 120)
    }

    @Test func theStateIsTheProvidersWordAndTheNormalisedOneStillCounts() {
        let dreaming = official("dr3aming-1", .processing, word: "dreaming")
        let queued = official("qu3ued-1", .pending, word: "queued")
        #expect(dreaming.conditionWord == "dreaming")
        #expect(queued.conditionWord == "queued")
        #expect(dreaming.condition == .state(.processing))
        // A relay answer keeps its own word.
        let relay = TrackedGeneration(id: "r1", generation: Generation(id: "r1", state: .pending), firstSeen: Samples.now)
        #expect(relay.conditionWord == "pending")
    }

    @Test func theTitleCountsInTheProvidersWords() {
        let store = GenerationStore(now: { Samples.now })
        store.insert([official("qu3ued-1", .pending, word: "queued"), official("qu3ued-2", .pending, word: "queued"),
                      official("dr3aming-1", .processing, word: "dreaming")])
        let snapshot = store.snapshot()
        var buffer = Buffer(width: 100, height: 1)
        TitleBar.draw(snapshot, census: Census(snapshot), host: "api.lumalabs.ai", in: buffer.bounds, into: &buffer,
                      theme: .default, timeZone: Samples.utc, now: Samples.now)
        #expect(buffer.lines[0].contains("2 queued  1 dreaming"), "\(buffer.lines[0])")
        #expect(!buffer.lines[0].contains("pending"))
    }

    @Test func theDetailSaysWhatWasAskedAndListsTheProgressClip() {
        var g = official("dr3aming-2", .processing, word: "dreaming")
        g.generation?.progressVideoURL = "https://cdn.example/progress.mp4"
        g.generation?.failureReason = nil
        var buffer = Buffer(width: 70, height: 30)
        DetailPane.draw(g, scroll: 0, in: buffer.bounds, into: &buffer, theme: .default, mode: .none, now: Samples.now)
        #expect(buffer.lines.contains { $0.contains("state") && $0.contains("dreaming") }, "\(buffer.text)")
        #expect(buffer.lines.contains { $0.hasPrefix("model       ray-2  720p  5s") }, "\(buffer.text)")
        #expect(buffer.lines.contains { $0.contains("progress") && $0.contains("https://cdn.example/progress.mp4") },
                "\(buffer.text)")
        #expect(buffer.lines.contains { $0.hasPrefix("aspect      9:16") }, "\(buffer.text)")
        #expect(MediaChoice.video.effective(in: g.generation)?.choice == .progressVideo)
    }

    @Test func aFailureSaysWhyAndAnImageHasNoDuration() {
        var failed = official("fa1led-1", .failed, word: nil)
        failed.generation?.failureReason = "Contains blacklisted words"
        var buffer = Buffer(width: 70, height: 30)
        DetailPane.draw(failed, scroll: 0, in: buffer.bounds, into: &buffer, theme: .default, mode: .none, now: Samples.now)
        #expect(buffer.lines.contains { $0.hasPrefix("failure     Contains blacklisted words") }, "\(buffer.text)")

        var image = official("1mage-1", .completed, word: nil)
        image.generation?.generationType = "image"
        image.generation?.model = "photon-1"
        image.generation?.thumbnail = Media(url: "https://cdn.example/image.jpg")
        #expect(image.generation?.durationSeconds == nil)
        var pane = Buffer(width: 70, height: 30)
        DetailPane.draw(image, scroll: 0, in: pane.bounds, into: &pane, theme: .default, mode: .none, now: Samples.now)
        #expect(pane.lines.contains { $0.hasPrefix("model       photon-1  720p  image") }, "\(pane.text)")
        #expect(!pane.text.contains("5s"), "\(pane.text)")
        #expect(pane.lines.contains { $0.contains("thumbnail") && $0.contains("https://cdn.example/image.jpg") }, "\(pane.text)")
    }
}
