import Foundation
import Testing
@testable import LumaKit
@testable import LumaRuntime
import LumaDemo
import LumaImage
import LumaUI
import TestSupport

/// The detail pane's picture through the runtime: fetched from a loopback server, decoded, drawn
/// in cells or placed past the screen, and gone when the selection or the choice moves on. They
/// wait on other threads' work, so they run on threads of their own: on the two of the shared
/// pool, a busy suite could leave them unscheduled for longer than the wait.
@Suite(.waitsOffThePool) struct PreviewTests {
    /// Four quadrants: red, green / blue, white. The last frame is the same turned (blue, red /
    /// white, green), so the two are told apart by any corner.
    static let red = RGB(220, 30, 30), green = RGB(30, 200, 60), blue = RGB(40, 60, 220), white = RGB(240, 240, 240)

    static func quadrants(_ w: Int, _ h: Int, _ corners: [RGB]) -> [UInt8] {
        var rgb: [UInt8] = []
        for y in 0..<h {
            for x in 0..<w {
                let c = corners[(y < h / 2 ? 0 : 2) + (x < w / 2 ? 0 : 1)]
                rgb += [c.r, c.g, c.b]
            }
        }
        return JPEGEncoder.encode(Picture(width: w, height: h, rgb: rgb)!, quality: 95)
    }

    /// Serves the thumbnail and the last frame, counting requests per path.
    final class Pictures: Sendable {
        let server: DemoServer
        let asked = Locked([String: Int]())
        init() throws {
            let thumb = Data(PreviewTests.quadrants(320, 180, [red, green, blue, white]))
            let last = Data(PreviewTests.quadrants(320, 180, [blue, red, white, green]))
            let asked = self.asked
            server = DemoServer { request in
                asked.withLock { $0[request.path, default: 0] += 1 }
                switch request.path {
                case "/thumb.jpg": return DemoResponse(status: 200, headers: [("Content-Type", "image/jpeg")], body: thumb)
                case "/last.jpg": return DemoResponse(status: 200, headers: [("Content-Type", "image/jpeg")], body: last)
                case "/broken.jpg":
                    return DemoResponse(status: 200, headers: [("Content-Type", "image/jpeg")], body: thumb.prefix(thumb.count / 2))
                default: return .text(404, "no such picture", contentType: "text/plain")
                }
            }
            _ = try server.start()
        }
        func url(_ path: String) -> String { server.baseURL + path }
    }

    func dashboard(_ pictures: Pictures, mode: PreviewMode, thumbnail: String = "/thumb.jpg",
                   width: Int = 130, height: Int = 40) -> Dashboard {
        let previews = Previews(mode: mode, cell: CellSize(width: 8, height: 16), fetcher: PreviewFetcher(cache: nil), inTmux: false)
        let d = Dashboard(width: width, height: height, previews: previews,
                          pictures: (pictures.url(thumbnail), pictures.url("/last.jpg")))
        d.turn()  // the completed one is the newest: selected first
        return d
    }

    /// The colours shown at the middle of each quadrant of the picture, which starts a row below
    /// the pane's heading and a column in; nil while none shows.
    func corners(_ d: Dashboard) -> [RGB]? {
        let screen = d.terminal.screen
        guard let hy = screen.lines.firstIndex(where: { $0.contains("thumbnail  ·") || $0.contains("last frame  ·") }),
              let hx = screen.lines[hy].range(of: "thumbnail  ·") ?? screen.lines[hy].range(of: "last frame  ·") else { return nil }
        let (x0, y0) = (screen.lines[hy].distance(from: screen.lines[hy].startIndex, to: hx.lowerBound) + 1, hy + 1)
        func painted(_ x: Int, _ y: Int) -> Bool { x < screen.width && y < screen.height && screen[x, y].style.background != .default }
        guard painted(x0, y0) else { return nil }
        var (x1, y1) = (x0, y0)
        while painted(x1 + 1, y0) { x1 += 1 }
        while painted(x0, y1 + 1) { y1 += 1 }
        let (qx, qy) = ((x1 - x0 + 1) / 4, (y1 - y0 + 1) / 4)
        return [(x0 + qx, y0 + qy), (x1 - qx, y0 + qy), (x0 + qx, y1 - qy), (x1 - qx, y1 - qy)].map { x, y in
            guard case .indexed(let i) = screen[x, y].style.background else { return RGB(0, 0, 0) }
            let (r, g, b) = ColorDegrade.rgb(of: i)
            return RGB(r, g, b)
        }
    }

    /// Each colour within the 256-colour table's reach of the one expected.
    static func near(_ shown: [RGB]?, _ expected: [RGB]) -> Bool {
        guard let shown, shown.count == expected.count else { return false }
        return zip(shown, expected).allSatisfy { a, b in
            abs(Int(a.r) - Int(b.r)) <= 45 && abs(Int(a.g) - Int(b.g)) <= 45 && abs(Int(a.b) - Int(b.b)) <= 45
        }
    }

    @Test func theThumbnailIsDrawnInCellsAndPCyclesToTheLastFrameThenThePalette() async throws {
        let pictures = try Pictures()
        let d = dashboard(pictures, mode: .cells)
        #expect(d.screen.contains("thumbnail  · p: last frame"))
        await eventually("the thumbnail drawn") { d.turn(); return corners(d) != nil }
        #expect(Self.near(corners(d), [Self.red, Self.green, Self.blue, Self.white]), "\(String(describing: corners(d)))")
        #expect(!d.screen.contains("loading preview"))

        d.press(.char("p"))
        #expect(d.screen.contains("preview: last frame"))
        await eventually("the last frame drawn") { d.turn(); return Self.near(corners(d), [Self.blue, Self.red, Self.white, Self.green]) }

        d.press(.char("p"))
        #expect(d.screen.contains("palette  · p: thumbnail"))
        #expect(corners(d) == nil, "no picture left behind")
        #expect(pictures.asked.current["/thumb.jpg"] == 1 && pictures.asked.current["/last.jpg"] == 1)

        // Back to the thumbnail: decoded already, so drawn at once, with no new request.
        d.press(.char("p"))
        #expect(Self.near(corners(d), [Self.red, Self.green, Self.blue, Self.white]))
        #expect(pictures.asked.current["/thumb.jpg"] == 1)
    }

    @Test func aBrokenPictureSaysWhyAboveThePalette() async throws {
        let pictures = try Pictures()
        let d = dashboard(pictures, mode: .cells, thumbnail: "/broken.jpg")
        await eventually("the reason shown") { d.turn(); return d.screen.contains("corrupt image:") }
        #expect(corners(d) == nil)

        let missing = dashboard(pictures, mode: .cells, thumbnail: "/gone.jpg")
        await eventually("the 404 shown") { missing.turn(); return missing.screen.contains("404") }
    }

    @Test func aSixelPictureIsPlacedOverBlankCellsAndClearedWhenTheSelectionMoves() async throws {
        let pictures = try Pictures()
        let d = dashboard(pictures, mode: .sixel)
        await eventually("the sixel placed") { d.turn(); return !d.terminal.placed.isEmpty }
        let placed = try #require(d.terminal.placed.first)
        #expect(placed.bytes.hasPrefix("\u{1B}P"), "a DCS sixel sequence")
        #expect(d.terminal.screen.lines[placed.y].dropFirst(placed.x).hasPrefix("   "), "blank cells under the picture")
        let count = d.terminal.placed.count
        d.turn()
        #expect(d.terminal.placed.count == count, "not drawn again while nothing moved")

        d.press(.char("j"))  // another generation: the picture goes
        #expect(d.terminal.repainted.contains { $0.contains(placed.y) }, "the rows under it written again")
        #expect(d.terminal.placed.count == count)

        d.press(.char("k"))
        await eventually("placed again") { d.turn(); return d.terminal.placed.count > count }
        d.terminal.send(.resize)
        d.turn()
        #expect(d.terminal.placed.count == count + 2, "a resize draws it again")
    }

    @Test func kittyPicturesAreSentOnceAndShownByPlaceholdersThenDeletedOnQuit() async throws {
        let pictures = try Pictures()
        let d = dashboard(pictures, mode: .kitty)
        await eventually("the kitty image sent") { d.turn(); return d.terminal.emitted.contains { $0.hasPrefix("\u{1B}_Ga=T,U=1") } }
        #expect(d.terminal.screen.cells.contains { $0.text.unicodeScalars.first == KittyGraphics.placeholder })
        let sent = d.terminal.emitted.count
        d.turn()
        #expect(d.terminal.emitted.count == sent, "sent once")
        d.press(.char("q"))
        #expect(d.terminal.emitted.last?.hasPrefix("\u{1B}_Ga=d,d=I") == true, "deleted on the way out")
    }

    @Test func withPreviewsOffThePaletteShowsAndNothingIsFetched() throws {
        let pictures = try Pictures()
        let d = Dashboard(width: 130, height: 40, previews: nil, pictures: (pictures.url("/thumb.jpg"), pictures.url("/last.jpg")))
        #expect(d.screen.contains("palette"))
        d.press(.char("p"))
        #expect(d.screen.contains("previews are off"))
        #expect(pictures.asked.current.isEmpty)
    }
}
