import LumaKit

/// A picture drawn as characters: each cell is an upper half block "▀" whose foreground is the top
/// pixel and background the bottom one, so a cell shows two pixels stacked. Pure, like every widget.
public enum CellArt {
    /// Without colour (`NO_COLOR`), a cell's brightness by the share of it a shade fills: the mean
    /// luma of its two pixels in five even steps, dark to light, for light text on a dark terminal.
    public static let greyRamp = [" ", "░", "▒", "▓", "█"]

    /// Draws `picture`, already sized to `symbols.pixels(columns: rect.width, rows: rect.height)`,
    /// into `rect`; a smaller picture fills only its part, a larger one is cut.
    public static func draw(_ picture: Picture, into buffer: inout Buffer, at rect: Rect, mode: ColorMode,
                            symbols: CellSymbols = .halfBlocks) {
        render(picture, columns: rect.width, rows: rect.height, mode: mode, symbols: symbols).draw(into: &buffer, at: rect)
    }

    /// The cells for `picture` (sized for `columns` × `rows` cells, or smaller), made once where the
    /// picture is scaled: finding the nearest of the 256 colours for every pixel costs more than a
    /// frame, and the picture does not change from frame to frame. Colours are given as the terminal
    /// in `mode` will show them, so two halves that fall on one colour of the 256 or the 16 make a
    /// plain cell (the terminal layer would otherwise redraw an even colour pair as black on white).
    public static func render(_ picture: Picture, columns: Int, rows: Int, mode: ColorMode,
                              symbols: CellSymbols = .halfBlocks) -> CellImage {
        let columns = max(0, min(columns, (picture.width + symbols.across - 1) / symbols.across))
        let rows = max(0, min(rows, (picture.height + 1) / 2))
        var cells: [Cell] = []
        cells.reserveCapacity(columns * rows)
        for row in 0..<rows {
            for column in 0..<columns {
                let (text, style): (String, Style)
                if symbols == .quadrants && mode != .none {
                    (text, style) = QuadrantArt.cell(picture, x: column * 2, y: row * 2, mode: mode)
                } else {
                    let x = column * symbols.across
                    let bottom = row * 2 + 1 < picture.height ? picture.pixel(x: x, y: row * 2 + 1) : nil
                    (text, style) = cell(top: picture.pixel(x: x, y: row * 2), bottom: bottom, mode: mode)
                }
                cells.append(Cell(text, style: style))
            }
        }
        return CellImage(columns: columns, rows: rows, cells: cells)
    }

    /// One cell: the two pixels as the terminal will show them. A missing bottom pixel (an odd
    /// picture height) leaves the terminal's background under the top one.
    static func cell(top: RGB, bottom: RGB?, mode: ColorMode) -> (String, Style) {
        guard mode != .none else {
            let luma = bottom.map { (Self.luma(top) + Self.luma($0)) / 2 } ?? Self.luma(top)
            return (greyRamp[min(greyRamp.count - 1, luma * greyRamp.count / 256)], .plain)
        }
        guard let bottom else { return ("▀", Style(foreground: shown(top, mode))) }
        return styled("▀", foreground: top, background: bottom, mode: mode)
    }

    /// A glyph in two colours as the terminal will show them: a plain cell when they fall on one.
    static func styled(_ glyph: String, foreground: RGB, background: RGB, mode: ColorMode) -> (String, Style) {
        let fg = shown(foreground, mode), bg = shown(background, mode)
        if fg == bg { return (" ", Style(background: bg)) }
        return (glyph, Style(foreground: fg, background: bg))
    }

    /// The colour a terminal in `mode` is given for a pixel: its own in truecolor, else the nearest
    /// of the table it has (`ColorDegrade`, by perceptual distance).
    static func shown(_ c: RGB, _ mode: ColorMode) -> Color {
        switch mode {
        case .truecolor, .none: return .rgb(c.r, c.g, c.b)
        case .indexed256: return .indexed(ColorDegrade.nearest256(c.r, c.g, c.b))
        case .ansi16: return .indexed(ColorDegrade.nearest16(c.r, c.g, c.b))
        }
    }

    /// Rec. 601 luma, 0–255.
    static func luma(_ c: RGB) -> Int { (299 * Int(c.r) + 587 * Int(c.g) + 114 * Int(c.b)) / 1000 }
}

/// A picture as cells, ready to copy into a frame.
public struct CellImage: Hashable, Sendable {
    public let columns: Int
    public let rows: Int
    /// Row by row.
    public let cells: [Cell]

    /// Copies one row of cells to (x, y), cut at the buffer's edge.
    public func draw(row: Int, into buffer: inout Buffer, x: Int, y: Int) {
        guard row >= 0, row < rows, y >= 0, y < buffer.height else { return }
        for column in 0..<columns where x + column < buffer.width {
            let cell = cells[row * columns + column]
            buffer.put(cell.text, x: x + column, y: y, style: cell.style)
        }
    }

    /// Copies the cells to `rect`'s top left, cut to `rect`.
    public func draw(into buffer: inout Buffer, at rect: Rect) {
        for row in 0..<min(rows, rect.height) {
            for column in 0..<min(columns, rect.width) {
                let cell = cells[row * columns + column]
                buffer.put(cell.text, x: rect.x + column, y: rect.y + row, style: cell.style)
            }
        }
    }
}
