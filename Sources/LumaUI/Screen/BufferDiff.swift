/// One cell to write: where, and what.
public struct CellUpdate: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var cell: Cell

    public init(x: Int, y: Int, cell: Cell) { self.x = x; self.y = y; self.cell = cell }
}

extension Buffer {
    /// The cells to write to turn a screen showing `previous` into this buffer, row by row, left
    /// to right (nil, or a buffer of another size: every cell). The right half of a wide character
    /// is never written: the terminal fills it. A cell that was the right half of a wide character
    /// and is not one now always differs from it, so it is written, and the old character goes.
    public func diff(from previous: Buffer?) -> [CellUpdate] {
        guard let previous, previous.width == width, previous.height == height else {
            return cells.indices.compactMap { i in
                cells[i].isContinuation ? nil : CellUpdate(x: i % width, y: i / width, cell: cells[i])
            }
        }
        var updates: [CellUpdate] = []
        for i in cells.indices where !cells[i].isContinuation && cells[i] != previous.cells[i] {
            updates.append(CellUpdate(x: i % width, y: i / width, cell: cells[i]))
        }
        return updates
    }
}
