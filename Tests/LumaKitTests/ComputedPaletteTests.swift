import Foundation
import Testing
@testable import LumaKit

/// The official API sends a picture without a palette: the store takes the one made from the
/// decoded picture, and a later answer (a poll, the list re-read) does not take it away.
@Suite struct ComputedPaletteTests {
    let url = "https://storage.cdn-luma.com/p1/image.jpg"

    func answer() -> Generation {
        var g = Generation(id: "p1", state: .completed, prompt: "a red sky")
        g.provider = .luma
        g.generationType = "video"
        g.thumbnail = Media(url: url)
        return g
    }

    /// A 10×10 picture: the left half red, the right half blue.
    func picture() throws -> Picture {
        var rgb: [UInt8] = []
        for _ in 0..<10 { for x in 0..<10 { rgb += x < 5 ? [255, 0, 0] : [0, 0, 255] } }
        return try #require(Picture(width: 10, height: 10, rgb: rgb))
    }

    @Test func aDecodedPictureGivesThePaletteAndAReReadKeepsIt() throws {
        let store = GenerationStore()
        store.setRecent([answer()], at: Date())
        #expect(store.snapshot()["p1"]?.generation?.wantsComputedPalette == true)
        store.computePalette(url: url, from: try picture())
        let palette = try #require(store.snapshot()["p1"]?.generation?.palette)
        #expect(palette.colors.count == 25)
        #expect(palette.colors[0] == RGB(255, 0, 0))
        #expect(palette.colors[4] == RGB(0, 0, 255))

        // The next read of the list says the same without a palette: the one made stays.
        store.setRecent([answer()], at: Date())
        #expect(store.snapshot()["p1"]?.generation?.palette == palette)
        // A poll of a tracked one likewise.
        store.track(["p1"])
        store.apply("p1", .success(answer()), at: Date(), nextPollAt: nil)
        #expect(store.snapshot()["p1"]?.generation?.palette == palette)
        // Another picture is another palette to make.
        var moved = answer()
        moved.thumbnail = Media(url: url + "?v=2")
        store.apply("p1", .success(moved), at: Date(), nextPollAt: nil)
        #expect(store.snapshot()["p1"]?.generation?.palette == nil)
    }

    @Test func aPictureOfAnotherURLOrAnAnswerWithAPaletteIsLeftAlone() throws {
        let store = GenerationStore()
        var withPalette = answer()
        withPalette.id = "p2"
        let sent = try Palette(colors: Array(repeating: RGB(1, 2, 3), count: 25))
        withPalette.thumbnail = Media(url: url, palette: sent)
        store.setRecent([answer(), withPalette], at: Date())
        store.computePalette(url: "https://elsewhere.example/x.jpg", from: try picture())
        #expect(store.snapshot()["p1"]?.generation?.palette == nil)
        store.computePalette(url: url, from: try picture())
        #expect(store.snapshot()["p2"]?.generation?.palette == sent)
        #expect(store.snapshot()["p1"]?.generation?.palette != nil)
    }
}
