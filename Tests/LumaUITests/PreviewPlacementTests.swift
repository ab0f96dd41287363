import Testing
@testable import LumaUI

@Suite struct PreviewPlacementTests {
    let a = Rect(x: 40, y: 10, width: 30, height: 9)

    @Test func aNewSixelIsDrawnAndAStillOneIsLeftAlone() {
        let p = ImagePlacement(id: 1, rect: a, mode: .sixel)
        #expect(PlacementChanges.between([], [p]) == PlacementChanges(draw: [p]))
        #expect(PlacementChanges.between([p], [p]).isEmpty)
    }

    @Test func aMovedOrReplacedImageClearsItsOldPlace() {
        let old = ImagePlacement(id: 1, rect: a, mode: .iterm)
        var moved = old; moved.rect.y += 3
        #expect(PlacementChanges.between([old], [moved]) == PlacementChanges(clear: [a], draw: [moved]))
        let other = ImagePlacement(id: 2, rect: a, mode: .iterm)
        #expect(PlacementChanges.between([old], [other]) == PlacementChanges(clear: [a], draw: [other]))
        #expect(PlacementChanges.between([old], []) == PlacementChanges(clear: [a]))
    }

    @Test func textWrittenOverAnImageRedrawsIt() {
        let p = ImagePlacement(id: 1, rect: a, mode: .sixel)
        #expect(PlacementChanges.between([p], [p], repainted: [Rect(x: 69, y: 18, width: 5, height: 1)]) == PlacementChanges(draw: [p]))
        #expect(PlacementChanges.between([p], [p], repainted: [Rect(x: 70, y: 18, width: 5, height: 1)]).isEmpty)
        // A neighbour cleared over it also redraws it.
        let gone = ImagePlacement(id: 2, rect: Rect(x: 60, y: 0, width: 20, height: 11), mode: .sixel)
        #expect(PlacementChanges.between([p, gone], [p]) == PlacementChanges(clear: [gone.rect], draw: [p]))
    }

    @Test func kittyMovesByItselfAndIsDeletedWhenGone() {
        let p = ImagePlacement(id: 7, rect: a, mode: .kitty)
        var moved = p; moved.rect.x = 0
        #expect(PlacementChanges.between([], [p]) == PlacementChanges(draw: [p]))
        #expect(PlacementChanges.between([p], [moved]).isEmpty, "placeholders in the Buffer move it")
        var resized = p; resized.rect.width = 20
        #expect(PlacementChanges.between([p], [resized]) == PlacementChanges(draw: [resized]))
        #expect(PlacementChanges.between([p], []) == PlacementChanges(delete: [7]))
    }

    @Test func rectsIntersectOnlyWhenTheyShareACell() {
        #expect(a.intersects(Rect(x: 69, y: 18, width: 1, height: 1)))
        #expect(!a.intersects(Rect(x: 70, y: 10, width: 5, height: 5)))
        #expect(!a.intersects(Rect(x: 45, y: 12, width: 0, height: 3)))
    }
}
