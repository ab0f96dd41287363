import Testing
import LumaKit
@testable import LumaUI

@Suite struct PreviewCellArtTests {
    typealias T = PreviewTestImages

    func rgb(_ c: RGB) -> Color { .rgb(c.r, c.g, c.b) }

    @Test func quadrantsCellByCell() {
        // 8×8 pixels: 8 columns × 4 rows of cells, drawn at (1, 1) of a larger buffer.
        var buffer = Buffer(width: 10, height: 6)
        CellArt.draw(T.quadrants(width: 8, height: 8), into: &buffer, at: Rect(x: 1, y: 1, width: 8, height: 4), mode: .truecolor)
        for row in 0..<4 {
            for column in 0..<8 {
                let cell = buffer[1 + column, 1 + row]
                let expected = row < 2 ? (column < 4 ? T.red : T.green) : (column < 4 ? T.blue : T.yellow)
                // Both halves alike: a plain cell in that colour.
                #expect(cell.text == " " && cell.style == Style(background: rgb(expected)), "cell \(column),\(row): \(cell)")
            }
        }
        #expect(buffer[0, 0] == .blank && buffer[9, 5] == .blank, "nothing drawn outside the rect")
    }

    @Test func halvesShowTwoPixelsStacked() {
        // 3 pixels tall: the middle row of cells splits red over blue, the last has no bottom half.
        let picture = PreviewTestImages.picture(width: 2, height: 3) { _, y in y == 0 ? T.red : (y == 1 ? T.blue : T.green) }
        var buffer = Buffer(width: 2, height: 2)
        CellArt.draw(picture, into: &buffer, at: buffer.bounds, mode: .truecolor)
        #expect(buffer[0, 0] == Cell("▀", style: Style(foreground: rgb(T.red), background: rgb(T.blue))))
        #expect(buffer[1, 1] == Cell("▀", style: Style(foreground: rgb(T.green))))
    }

    @Test func aGradientInTheColourTables() {
        let picture = T.gradient(width: 16, height: 2)
        for (mode, count) in [(ColorMode.indexed256, 256), (.ansi16, 16)] {
            var buffer = Buffer(width: 16, height: 1)
            CellArt.draw(picture, into: &buffer, at: buffer.bounds, mode: mode)
            var last = -1.0
            for x in 0..<16 {
                let cell = buffer[x, 0]
                guard case .indexed(let i) = cell.style.background, Int(i) < count else {
                    Issue.record("\(mode) cell \(x): \(cell)"); continue
                }
                // Top and bottom alike: no half block, whose even colours the terminal would change.
                #expect(cell.text == " " && cell.style.foreground == .default)
                // The nearest of the table: no colour of the table is closer to the pixel.
                let p = picture.pixel(x: x, y: 0), shown = ColorDegrade.rgb(of: i)
                let d = ColorDegrade.distance((p.r, p.g, p.b), shown)
                let candidates = mode == .ansi16 ? Array(0..<16) : Array(16..<256)
                #expect(candidates.allSatisfy { ColorDegrade.distance((p.r, p.g, p.b), ColorDegrade.rgb(of: UInt8($0))) >= d })
                // Left to right never darker.
                let level = Double(shown.0) + Double(shown.1) + Double(shown.2)
                #expect(level >= last, "cell \(x) darker than the one before")
                last = level
            }
        }
    }

    @Test func withoutColourGreyLevelsByLuma() {
        var buffer = Buffer(width: 16, height: 1)
        CellArt.draw(T.gradient(width: 16, height: 2), into: &buffer, at: buffer.bounds, mode: .none)
        // Luma 0–51 → " ", 52–102 → "░", 103–153 → "▒", 154–204 → "▓", 205–255 → "█"; the gradient's
        // steps are 17 apart.
        #expect(buffer.lines == ["    ░░░▒▒▒▓▓▓███"], "\(buffer.lines)")
        #expect((0..<16).allSatisfy { buffer[$0, 0].style == .plain })
        var quadrants = Buffer(width: 4, height: 2)
        CellArt.draw(T.quadrants(width: 4, height: 4), into: &quadrants, at: quadrants.bounds, mode: .none)
        // Luma: red 87, green 130, blue 70, yellow 203.
        #expect(quadrants.lines == ["░░▒▒", "░░▓▓"], "\(quadrants.lines)")
    }

    @Test func aLargerPictureIsCutToTheRect() {
        var buffer = Buffer(width: 5, height: 3)
        CellArt.draw(T.quadrants(width: 40, height: 40), into: &buffer, at: Rect(x: 3, y: 1, width: 4, height: 4), mode: .truecolor)
        #expect(buffer[3, 1].style.background == rgb(T.red) && buffer[4, 2].style.background == rgb(T.red))
        #expect(buffer[2, 1] == .blank && buffer[3, 0] == .blank)
    }
}

@Suite struct PreviewQuadrantTests {
    typealias T = PreviewTestImages

    func rgb(_ c: RGB) -> Color { .rgb(c.r, c.g, c.b) }

    /// One cell from its four pixels: top left, top right, bottom left, bottom right.
    func cell(_ tl: RGB, _ tr: RGB, _ bl: RGB, _ br: RGB, mode: ColorMode = .truecolor) -> Cell {
        let pixels = [tl, tr, bl, br]
        let picture = T.picture(width: 2, height: 2) { x, y in pixels[y * 2 + x] }
        var buffer = Buffer(width: 1, height: 1)
        CellArt.draw(picture, into: &buffer, at: buffer.bounds, mode: mode, symbols: .quadrants)
        return buffer[0, 0]
    }

    @Test func theBestSplitOfFourPixels() {
        #expect(cell(T.red, T.blue, T.blue, T.red) == Cell("▞", style: Style(foreground: rgb(T.blue), background: rgb(T.red))))
        #expect(cell(T.red, T.red, T.green, T.red) == Cell("▖", style: Style(foreground: rgb(T.green), background: rgb(T.red))))
        #expect(cell(T.red, T.green, T.red, T.green) == Cell("▌", style: Style(foreground: rgb(T.red), background: rgb(T.green))))
        #expect(cell(T.red, T.red, T.yellow, T.yellow) == Cell("▀", style: Style(foreground: rgb(T.red), background: rgb(T.yellow))))
        #expect(cell(T.blue, T.blue, T.blue, T.blue) == Cell(" ", style: Style(background: rgb(T.blue))))
        // Three colours: the odd one joins the colour nearest it. Dark red sides with red.
        let darkRed = RGB(180, 20, 30)
        #expect(cell(T.red, darkRed, T.green, T.green) == Cell("▀", style: Style(foreground: RGB(200, 25, 35).color, background: rgb(T.green))))
    }

    @Test func quadrantsSampleTwoPixelsACell() {
        var buffer = Buffer(width: 4, height: 4)
        CellArt.draw(T.quadrants(width: 8, height: 8), into: &buffer, at: buffer.bounds, mode: .truecolor, symbols: .quadrants)
        for row in 0..<4 {
            for column in 0..<4 {
                let expected = row < 2 ? (column < 2 ? T.red : T.green) : (column < 2 ? T.blue : T.yellow)
                #expect(buffer[column, row] == Cell(" ", style: Style(background: rgb(expected))), "cell \(column),\(row)")
            }
        }
        let size = PreviewFit(pictureWidth: 16, pictureHeight: 9, columns: 32, rows: 9)?.pixels(for: .cells, symbols: .quadrants)
        #expect(size?.width == 64 && size?.height == 18)
    }

    @Test func quadrantGlyphsTakeOneColumn() {
        #expect(QuadrantArt.glyphs.allSatisfy { TextWidth.of($0) == 1 })
    }
}

private extension RGB {
    var color: Color { .rgb(r, g, b) }
}

@Suite struct PreviewCellImageTests {
    @Test func renderedOnceDrawnAnywhere() {
        let image = CellArt.render(PreviewTestImages.quadrants(width: 8, height: 8), columns: 20, rows: 20, mode: .indexed256)
        #expect(image.columns == 8 && image.rows == 4, "no bigger than the picture")
        var direct = Buffer(width: 12, height: 6), copied = direct
        CellArt.draw(PreviewTestImages.quadrants(width: 8, height: 8), into: &direct, at: Rect(x: 2, y: 1, width: 8, height: 4), mode: .indexed256)
        image.draw(into: &copied, at: Rect(x: 2, y: 1, width: 8, height: 4))
        #expect(copied == direct)
        // Cut to a smaller rect.
        var small = Buffer(width: 12, height: 6)
        image.draw(into: &small, at: Rect(x: 0, y: 0, width: 3, height: 2))
        #expect(small[2, 1] == image.cells[1 * 8 + 2] && small[3, 0] == .blank && small[0, 2] == .blank)
    }
}
