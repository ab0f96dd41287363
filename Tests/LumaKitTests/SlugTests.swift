import Testing
@testable import LumaKit

/// A prompt's slug in a file name is cut between words.
@Suite struct SlugTests {
    @Test func aLongPromptIsCutAfterTheLastWholeWord() {
        let slug = DownloadName.slug("A slow drone shot over a misty lighthouse at dawn, waves crashing")
        #expect(slug == "a-slow-drone-shot-over-a-misty")
        #expect(slug.count <= DownloadName.slugLimit)
    }

    @Test func aWordEndingExactlyAtTheLimitIsKept() {
        let words = String(repeating: "abcd ", count: 8)  // "abcd-" ×8: the 8th word ends at 39
        #expect(DownloadName.slug(words + "efgh") == String(repeating: "abcd-", count: 7) + "abcd")
        let exact = String(repeating: "a", count: 35) + " bcde fgh"  // a word ends on the 40th character
        #expect(DownloadName.slug(exact) == String(repeating: "a", count: 35) + "-bcde")
    }

    @Test func oneWordLongerThanTheLimitIsCutInIt() {
        let word = String(repeating: "x", count: 60)
        #expect(DownloadName.slug(word) == String(repeating: "x", count: 40))
        #expect(DownloadName.slug("--- " + word) == String(repeating: "x", count: 40), "leading punctuation is no word")
    }

    @Test func shortPromptsAreWhole() {
        #expect(DownloadName.slug("  Cat Dance!  ") == "cat-dance")
        #expect(DownloadName.slug(nil) == "")
        #expect(DownloadName.slug("...") == "")
        let forty = String(repeating: "ab-", count: 13) + "c"  // 40 characters
        #expect(DownloadName.slug(forty) == forty)
    }
}
