/// A terminal cell's size in pixels, as the terminal answers `CSI 16 t`.
public struct CellSize: Hashable, Sendable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) { self.width = width; self.height = height }

    /// What most terminal fonts have (twice as tall as wide), when the terminal does not say.
    public static let assumed = CellSize(width: 8, height: 16)
}

/// Where a picture goes: the largest block of cells that keeps its aspect ratio in the room given,
/// and the pixel size to scale it to for each mode.
public struct PreviewFit: Hashable, Sendable {
    public let columns: Int
    public let rows: Int
    public let cell: CellSize

    /// Nil when there is no room or no picture. `cell` defaults to the assumed 1:2 cell.
    public init?(pictureWidth: Int, pictureHeight: Int, columns room: Int, rows roomRows: Int, cell: CellSize? = nil) {
        let cell = cell.flatMap { $0.width > 0 && $0.height > 0 ? $0 : nil } ?? .assumed
        guard pictureWidth > 0, pictureHeight > 0, room > 0, roomRows > 0 else { return nil }
        // The picture's height in rows when it spans the full width: a row is cell.height pixels
        // of a picture drawn cell.width pixels per column.
        let aspect = Double(pictureHeight) / Double(pictureWidth) * Double(cell.width) / Double(cell.height)
        var cols = room
        var rows = Int((Double(cols) * aspect).rounded())
        if rows > roomRows {
            rows = roomRows
            cols = min(room, Int((Double(rows) / aspect).rounded()))
        }
        self.columns = max(1, cols)
        self.rows = max(1, rows)
        self.cell = cell
    }

    /// For `CellArt`: one pixel per column, two per row (the halves of a half block).
    public var cellPixels: (width: Int, height: Int) { (columns, rows * 2) }

    /// For sixel, kitty and iTerm2: the cells' pixels, so the image covers them exactly.
    public var imagePixels: (width: Int, height: Int) { (columns * cell.width, rows * cell.height) }

    /// The pixel size to scale to for `mode` (drawn with `symbols` in cells); nil for `off`.
    public func pixels(for mode: PreviewMode, symbols: CellSymbols = .halfBlocks) -> (width: Int, height: Int)? {
        switch mode {
        case .cells: return symbols.pixels(columns: columns, rows: rows)
        case .kitty, .sixel, .iterm: return imagePixels
        case .off: return nil
        }
    }
}
