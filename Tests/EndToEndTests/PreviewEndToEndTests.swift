import Foundation
import Testing
import TestSupport

/// The demo's pictures in a real terminal: tmux answers the start-up questions itself and has no
/// passthrough, so `auto` comes to cells; the colours on screen are the served JPEG's, which the
/// demo makes from each generation's palette.
@Suite(.drivesTerminal) struct PreviewEndToEndTests {
    let scratch = ScratchDirectory()
    var env: [String: String] {
        ["HOME": scratch.path, "XDG_STATE_HOME": scratch.path + "/state", "TERM": "tmux-256color", "LANG": "C.UTF-8",
         "LUMATOP_DEMO_TIMESCALE": "10"]
    }

    /// One line of `capture-pane -e` as cells: each character with its 256-colour background.
    static func cells(_ line: Substring) -> [(Character, Int?)] {
        var out: [(Character, Int?)] = []
        var background: Int?
        var rest = line[...]
        while let c = rest.first {
            if c == "\u{1B}", rest.dropFirst().first == "[", let end = rest.firstIndex(of: "m") {
                let params = rest[rest.index(rest.startIndex, offsetBy: 2)..<end].split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
                var i = 0
                while i < params.count {
                    switch params[i] {
                    case 0, 49: background = nil
                    // Extended colours: their index must not be read as a code of its own.
                    case 38, 48:
                        let five = i + 2 < params.count && params[i + 1] == 5
                        if five && params[i] == 48 { background = params[i + 2] }
                        i += five ? 2 : (i + 1 < params.count && params[i + 1] == 2 ? 4 : 0)
                    case 40...47: background = params[i] - 40
                    case 100...107: background = params[i] - 92
                    default: break
                    }
                    i += 1
                }
                rest = rest[rest.index(after: end)...]
                continue
            }
            out.append((c, background))
            rest = rest.dropFirst()
        }
        return out
    }

    /// The backgrounds of the five block centres of the first mosaic row of the picture below
    /// the line holding `heading`, or of the palette swatch there (two cells a colour).
    static func firstRow(_ screen: String, below heading: String, swatch: Bool = false) -> [Int?]? {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        guard let h = lines.firstIndex(where: { $0.contains(heading) }), h + 1 < lines.count else { return nil }
        let row = cells(lines[h + 1])
        guard let start = row.firstIndex(where: { $0.1 != nil }) else { return nil }
        var end = start
        while end + 1 < row.count, row[end + 1].1 != nil { end += 1 }
        let width = swatch ? 10 : end - start + 1
        guard width >= 10 else { return nil }
        return (0..<5).map { row[start + width * (2 * $0 + 1) / 10].1 }
    }

    @Test func theDemosThumbnailShowsInItsPalettesColoursAndPCyclesAndSelectionReplacesIt() async throws {
        let t = await Tmux(width: 120, height: 40, command: "\(lumatopBinary) --demo --interval 1", env: env)
        await t.waitFor(text: "completed")
        // The oldest generation was done from the start; zoomed, its picture spans the pane.
        await t.keys("G")
        await t.keys("Enter")
        await t.waitFor(text: "thumbnail  · p: last frame")
        await t.waitFor("the thumbnail drawn", escapes: true) { Self.firstRow($0, below: "thumbnail  · p: last frame") != nil }
        let thumbnail = try #require(Self.firstRow(await t.screen(escapes: true), below: "thumbnail  · p: last frame"))

        await t.keys("p")
        await t.waitFor("the last frame drawn", escapes: true) { Self.firstRow($0, below: "last frame  · p: palette") != nil }
        let lastFrame = try #require(Self.firstRow(await t.screen(escapes: true), below: "last frame  · p: palette"))

        await t.keys("p")
        await t.waitFor(text: "palette  · p: thumbnail")
        let screen = await t.screen(escapes: true)
        let swatchTop = try #require(Self.firstRow(screen, below: "palette  · p: thumbnail", swatch: true))
        // The thumbnail's first row of blocks is the palette's first row; the last frame is the
        // mosaic turned, so its first row is the palette's first column, which starts the same.
        #expect(thumbnail == swatchTop, "thumbnail \(thumbnail) palette \(swatchTop)")
        #expect(lastFrame.first == swatchTop.first)
        #expect(lastFrame != thumbnail, "the last frame is another picture")

        // Another generation: its own picture replaces this one.
        await t.keys("p")
        await t.keys("Escape")
        await t.keys("k")
        await t.keys("Enter")
        await t.waitFor("another thumbnail", escapes: true) { s in
            Self.firstRow(s, below: "thumbnail  · p: last frame").map { $0 != thumbnail } ?? false
        }
        // In the zoomed view q closes the zoom; the second quits.
        await t.keys("q")
        await t.waitFor(text: "raw video")
        await t.keys("q")
        await t.waitFor(text: "EXIT=0")
        #expect(await t.value("#{alternate_on}") == "0")
        #expect(await !t.screen().contains("thumbnail"), "nothing left behind")
    }

    @Test func previewPrintsOnATerminalAndRefusesAPipe() async throws {
        // Not a terminal: exit 2, saying so.
        let piped = await run([lumatopBinary, "preview", "--demo", "anything"], env: env)
        #expect(piped.status == 2)
        #expect(piped.out.contains("standard output is not one"))

        // status lists newest first: the last completed is the oldest, done from the demo's start.
        let t = await Tmux(width: 100, height: 40, command: "\(lumatopBinary) preview --demo --width 40 --mode cells "
                           + "$(\(lumatopBinary) status --demo --json | grep '\"state\":\"completed\"' | tail -1 | sed 's/.*\"id\":\"\\([^\"]*\\)\".*/\\1/')", env: env)
        await t.waitFor(text: "EXIT=")
        // -N: spaces painted at a line's end are kept.
        let screen = await t.tmux("capture-pane", "-p", "-e", "-N", "-t", t.session).out
        #expect(screen.contains("EXIT=0"), "\(screen)")
        let painted = screen.split(separator: "\n").filter { Self.cells($0).filter { $0.1 != nil }.count >= 40 }
        #expect(painted.count >= 5, "a 16:9 picture 40 columns wide is about 11 rows")
    }
}
