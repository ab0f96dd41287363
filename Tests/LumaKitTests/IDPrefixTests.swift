import Testing
@testable import LumaKit

@Suite struct IDPrefixTests {
    let tracked = ["4665a07c-7641-4809-a133-10786201bb56", "4665a0ff-0000-4809-a133-10786201bb56", "9e4a07c2-7641-4809"]

    @Test func aLongEnoughPieceOfOneTrackedIdNamesIt() throws {
        #expect(try IDPrefix.resolve(["9e4a07", "4665a07c"], among: tracked) == ["9e4a07c2-7641-4809", tracked[0]])
    }

    @Test func trackedIdsShortPiecesAndUnknownIdsStandForThemselves() throws {
        #expect(try IDPrefix.resolve([tracked[1], "9e4a0", "abcdef123"], among: tracked) == [tracked[1], "9e4a0", "abcdef123"])
    }

    @Test func aPieceOfSeveralIsRefusedNamingThem() {
        #expect(throws: IDPrefix.Ambiguous.self) { try IDPrefix.resolve(["4665a0"], among: tracked) }
        do { _ = try IDPrefix.resolve(["4665a0"], among: tracked) } catch {
            #expect(error.description.contains("is the start of 2 tracked ids"))
            #expect(error.matches == [tracked[0], tracked[1]])
        }
    }
}
