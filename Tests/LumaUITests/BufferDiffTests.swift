import Testing
@testable import LumaUI

/// `Buffer.diff`, tested as ratatui tests its own: the cells written, in order.
@Suite struct BufferDiffTests {
    func buffer(_ lines: [String]) -> Buffer {
        var b = Buffer(width: lines.map { TextWidth.of($0) }.max() ?? 0, height: lines.count)
        for (y, line) in lines.enumerated() { b.put(line, x: 0, y: y) }
        return b
    }

    func written(_ updates: [CellUpdate]) -> [String] { updates.map { "\($0.x),\($0.y)=\($0.cell.text)" } }

    @Test func equalBuffersWriteNothing() {
        #expect(buffer(["abc", "def"]).diff(from: buffer(["abc", "def"])).isEmpty)
        #expect(Buffer(width: 0, height: 0).diff(from: Buffer(width: 0, height: 0)).isEmpty)
    }

    @Test func noPreviousOrAnotherSizeWritesEveryCell() {
        let b = buffer(["ab", "cd"])
        #expect(written(b.diff(from: nil)) == ["0,0=a", "1,0=b", "0,1=c", "1,1=d"])
        #expect(written(b.diff(from: buffer(["ab"]))) == ["0,0=a", "1,0=b", "0,1=c", "1,1=d"])
    }

    @Test func onlyChangedCellsInRowOrder() {
        #expect(written(buffer(["abcd", "efgh"]).diff(from: buffer(["abXd", "eYgh"]))) == ["2,0=c", "1,1=f"])
    }

    @Test func aChangeOfStyleAloneIsWritten() {
        let before = buffer(["ab"])
        var after = before
        after.restyle(Rect(x: 1, y: 0, width: 1, height: 1)) { $0.bold = true }
        #expect(written(after.diff(from: before)) == ["1,0=b"])
    }

    /// The right half of a wide character is never written; the terminal fills it.
    @Test func wideCharactersAreWrittenByTheirHeadOnly() {
        #expect(written(buffer(["a界b"]).diff(from: nil)) == ["0,0=a", "1,0=界", "3,0=b"])
        #expect(written(buffer(["界界"]).diff(from: buffer(["abcd"]))) == ["0,0=界", "2,0=界"])
    }

    /// Narrow characters where a wide one stood: both of its columns are written again.
    @Test func aWideCharacterReplacedByNarrowOnes() {
        #expect(written(buffer(["ab c"]).diff(from: buffer(["界 c"]))) == ["0,0=a", "1,0=b"])
        #expect(written(buffer(["x界"]).diff(from: buffer(["界y"]))) == ["0,0=x", "1,0=界"])
    }

    /// A wide character moved by one column: the old head and the new one are both written.
    @Test func aWideCharacterShifted() {
        #expect(written(buffer([" 界 "]).diff(from: buffer(["界  "]))) == ["0,0= ", "1,0=界"])
        #expect(written(buffer(["界  "]).diff(from: buffer([" 界 "]))) == ["0,0=界", "2,0= "])
    }

    /// Applying the diff to what a terminal showed gives the new buffer, whatever the two held.
    @Test(arguments: [("abc界", "界abc"), ("🐟🏮 x", "x 🐟🏮"), ("一段海边", "a段b边"), ("", "界")])
    func applyingTheDiffGivesTheNewBuffer(before: String, after: String) {
        var old = Buffer(width: 10, height: 1), new = Buffer(width: 10, height: 1)
        old.put(before, x: 0, y: 0)
        new.put(after, x: 0, y: 0)
        var screen = Buffer(width: 10, height: 1)
        for u in old.diff(from: nil) + new.diff(from: old) {
            screen[u.x, u.y] = u.cell
            if TextWidth.of(u.cell.text) == 2 { screen[u.x + 1, u.y] = Cell("", isContinuation: true) }
        }
        #expect(screen.lines == new.lines)
    }
}
