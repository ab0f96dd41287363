import Testing
import LumaKit
@testable import LumaUI

@Suite struct PreviewModeTests {
    @Test func requestsParseInAnyCase() throws {
        #expect(try PreviewRequest(parsing: "auto") == .auto)
        #expect(try PreviewRequest(parsing: " Kitty ") == .forced(.kitty))
        #expect(try PreviewRequest(parsing: "SIXEL") == .forced(.sixel))
        #expect(try PreviewRequest(parsing: " ") == .auto)
        for mode in PreviewMode.allCases { #expect(try PreviewRequest(parsing: mode.rawValue) == .forced(mode)) }
    }

    @Test func aBadValueNamesTheGoodOnes() {
        #expect(throws: PreviewRequestError.self) { try PreviewRequest(parsing: "ascii") }
        let message = PreviewRequestError(value: "bogus\u{1B}[2J").description
        // The escape sequence is removed whole, not shown.
        #expect(message == "unknown preview mode \"bogus\": use one of auto, cells, kitty, sixel, iterm, off", "\(message)")
    }

    /// The cells' pixel shape times their count must give back the picture's shape.
    func shownAspect(_ fit: PreviewFit) -> Double {
        Double(fit.rows * fit.cell.height) / Double(fit.columns * fit.cell.width)
    }

    @Test func landscapeFillsTheWidth() throws {
        let fit = try #require(PreviewFit(pictureWidth: 1360, pictureHeight: 765, columns: 60, rows: 40))
        #expect(fit.columns == 60 && fit.rows == 17)
        #expect(abs(shownAspect(fit) - 765.0 / 1360) < 0.02)
        #expect(fit.cellPixels == (60, 34) && fit.pixels(for: .cells)! == (60, 34))
        #expect(fit.imagePixels == (480, 272) && fit.pixels(for: .sixel)! == (480, 272))
        #expect(fit.pixels(for: .off) == nil)
    }

    @Test func portraitFillsTheHeight() throws {
        let fit = try #require(PreviewFit(pictureWidth: 752, pictureHeight: 1360, columns: 60, rows: 17))
        #expect(fit.rows == 17 && fit.columns == 19)
        #expect(abs(shownAspect(fit) - 1360.0 / 752) < 0.1)
    }

    @Test func squareIsTwiceAsWideInCellsAsTall() throws {
        let fit = try #require(PreviewFit(pictureWidth: 512, pictureHeight: 512, columns: 60, rows: 17))
        #expect(fit.rows == 17 && fit.columns == 34)
        // A terminal whose cells are 10×20 px still gets a square.
        let told = try #require(PreviewFit(pictureWidth: 512, pictureHeight: 512, columns: 60, rows: 17, cell: CellSize(width: 10, height: 25)))
        #expect(told.rows == 17 && told.columns == 43)
        #expect(told.imagePixels == (430, 425))
    }

    @Test func noRoomNoFit() {
        #expect(PreviewFit(pictureWidth: 100, pictureHeight: 100, columns: 0, rows: 10) == nil)
        #expect(PreviewFit(pictureWidth: 0, pictureHeight: 100, columns: 10, rows: 10) == nil)
        // A sliver still takes a cell.
        let thin = PreviewFit(pictureWidth: 10_000, pictureHeight: 1, columns: 10, rows: 10)
        #expect(thin?.rows == 1 && thin?.columns == 10)
    }

    @Test func theHelpLineNamesTheMode() {
        #expect(PreviewMode.describe(.kitty, colorMode: .truecolor) == "previews: kitty graphics (Unicode placeholders)")
        #expect(PreviewMode.describe(.cells, colorMode: .indexed256) == "previews: cells, 256 colours")
        #expect(PreviewMode.describe(.cells, colorMode: .none) == "previews: cells, grey levels (no colour)")
        #expect(Set(PreviewMode.allCases.map { PreviewMode.describe($0, colorMode: .ansi16) }).count == PreviewMode.allCases.count)
    }
}
