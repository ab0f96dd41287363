import LumaKit

/// Which characters `CellArt` draws with.
public enum CellSymbols: Hashable, Sendable {
    /// "▀": two pixels a cell, stacked; drawn alike by every font.
    case halfBlocks
    /// The quadrant blocks ("▘▝▀▖▌▞▛"…): four pixels a cell in two colours, sharper edges, twice
    /// the detail across; some fonts leave seams between them.
    case quadrants

    /// Pixels across one cell.
    var across: Int { self == .quadrants ? 2 : 1 }

    /// The picture size to scale to for `columns` × `rows` cells.
    public func pixels(columns: Int, rows: Int) -> (width: Int, height: Int) { (columns * across, rows * 2) }
}

/// One cell of four pixels (top left, top right, bottom left, bottom right) as the quadrant block
/// that splits them best into two colours: of the eight ways to split four pixels in two, the one
/// whose two means are nearest to their pixels.
enum QuadrantArt {
    /// The glyph lighting the pixels of a mask (bit 0 top left, 1 top right, 2 bottom left); the
    /// bottom right is always in the background, so eight masks cover every split.
    static let glyphs = [" ", "▘", "▝", "▀", "▖", "▌", "▞", "▛"]

    static func cell(_ picture: Picture, x: Int, y: Int, mode: ColorMode) -> (String, Style) {
        // Past the picture's edge, the edge pixel again.
        func at(_ dx: Int, _ dy: Int) -> RGB { picture.pixel(x: min(x + dx, picture.width - 1), y: min(y + dy, picture.height - 1)) }
        let pixels = [at(0, 0), at(1, 0), at(0, 1), at(1, 1)]
        var best = (mask: 0, error: Int.max, fg: pixels[0], bg: pixels[0])
        for mask in 0..<8 {
            let fg = mean(pixels, mask, true), bg = mean(pixels, mask, false)
            var error = 0
            for (i, p) in pixels.enumerated() { error += distance(p, mask & (1 << i) != 0 ? fg : bg) }
            if error < best.error { best = (mask, error, fg, bg) }
        }
        if best.mask == 0 { return (" ", Style(background: CellArt.shown(best.bg, mode))) }
        return CellArt.styled(glyphs[best.mask], foreground: best.fg, background: best.bg, mode: mode)
    }

    /// The mean of the pixels in (`lit`) or out of the mask; black for none.
    static func mean(_ pixels: [RGB], _ mask: Int, _ lit: Bool) -> RGB {
        var r = 0, g = 0, b = 0, n = 0
        for (i, p) in pixels.enumerated() where (mask & (1 << i) != 0) == lit {
            r += Int(p.r); g += Int(p.g); b += Int(p.b); n += 1
        }
        guard n > 0 else { return RGB(0, 0, 0) }
        return RGB(UInt8((r + n / 2) / n), UInt8((g + n / 2) / n), UInt8((b + n / 2) / n))
    }

    static func distance(_ a: RGB, _ b: RGB) -> Int {
        let dr = Int(a.r) - Int(b.r), dg = Int(a.g) - Int(b.g), db = Int(a.b) - Int(b.b)
        return dr * dr + dg * dg + db * db
    }
}
