import Foundation
import LumaDemo
import LumaImage
import LumaKit
import LumaUI

/// The preview as the dashboard makes it, stage by stage, for a 60×17 cell room and Luma's
/// 1360×752 thumbnail: the fetch over loopback (and from the disk cache), the decode and scale,
/// what each mode makes of the picture once, and a 200×60 frame with the picture on screen.
enum PreviewPipeline {
    static let room = (columns: 60, rows: 17)
    static let cell = CellSize.assumed

    static func median(_ runs: Int, _ body: () -> Void) -> Double {
        for _ in 0..<3 { body() }
        var ms: [Double] = []
        for _ in 0..<runs {
            let t0 = Probe.nanos()
            body()
            ms.append(Double(Probe.nanos() - t0) / 1e6)
        }
        return ms.sorted()[runs / 2]
    }

    static func figures(jpeg: [UInt8]) throws -> [Figure] {
        var figures = try fetch(jpeg)
        let decoded = try PictureDecoder.decode(jpeg, fitting: (room.columns, room.rows * 2))
        let fit = PreviewFit(pictureWidth: decoded.width, pictureHeight: decoded.height,
                             columns: room.columns, rows: room.rows, cell: cell)!
        var image: CellImage?
        figures.append(Figure(name: "preview.cells.decodeScaleDraw", value: median(200) {
            let p = try! PictureDecoder.decode(jpeg, fitting: (room.columns, room.rows * 2))
            image = CellArt.render(p.resized(width: fit.cellPixels.width, height: fit.cellPixels.height),
                                   columns: fit.columns, rows: fit.rows, mode: .indexed256)
        }, unit: "ms/preview (median): decode, scale, cells in 256 colours"))
        let big = try PictureDecoder.decode(jpeg, fitting: fit.imagePixels)
        let scaled = big.resized(width: fit.imagePixels.width, height: fit.imagePixels.height)
        var sixel = "", png: [UInt8] = []
        figures.append(Figure(name: "preview.sixel.encode", value: median(20) { sixel = Sixel.encode(scaled) },
                              unit: "ms/preview (median), \(scaled.width)×\(scaled.height)"))
        figures.append(Figure(name: "preview.sixel.bytes", value: Double(sixel.utf8.count) / 1024, unit: "KiB"))
        figures.append(Figure(name: "preview.png.encode", value: median(20) { png = PNGEncoder.encode(scaled) },
                              unit: "ms/preview (median), kitty and iTerm2"))
        figures.append(Figure(name: "preview.png.bytes", value: Double(png.count) / 1024, unit: "KiB"))
        figures += frames(image!)
        figures.append(held(jpeg))
        return figures
    }

    /// One fetch of the thumbnail from a loopback server, new each time (no cache), then from the
    /// disk cache (a restart).
    static func fetch(_ jpeg: [UInt8]) throws -> [Figure] {
        let body = Data(jpeg)
        let server = DemoServer { _ in DemoResponse(status: 200, headers: [("Content-Type", "image/jpeg")], body: body) }
        _ = try server.start()
        defer { server.stop() }
        let fetcher = PreviewFetcher(cache: nil)
        var n = 0
        let network = median(50) {
            n += 1
            precondition(fetchedBytes { fetcher.fetch(server.baseURL + "/t\(n).jpg", completion: $0) } == jpeg.count)
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lumatop-bench-cache-\(getpid())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = PreviewCache(directory: dir)
        cache.write(jpeg, for: server.baseURL + "/cached.jpg")
        let cached = PreviewFetcher(cache: cache)
        let disk = median(50) {
            precondition(fetchedBytes { cached.fetch(server.baseURL + "/cached.jpg", completion: $0) } == jpeg.count)
        }
        return [Figure(name: "preview.fetch.loopback", value: network, unit: "ms/fetch (median)"),
                Figure(name: "preview.fetch.cache", value: disk, unit: "ms/fetch (median)")]
    }

    /// How many bytes a fetch delivered (0 when it failed).
    static func fetchedBytes(_ start: (@escaping @Sendable (Result<[UInt8], PreviewFailure>) -> Void) -> Void) -> Int {
        (try? waitForCallback(start).get())?.count ?? 0
    }

    /// A 200×60 frame over 10,000 tracked with a completed one selected: its picture on screen,
    /// then the palette instead.
    static func frames(_ image: CellImage) -> [Figure] {
        let now = Date()
        let store = GenerationStore()
        store.insert(Samples.tracked(10_000, now: now))
        var state = DashboardState()
        state.selectedID = Samples.id(10_000 - 2)
        var f = Frame(state: state, snapshot: store.snapshot(), width: 200, height: 60, now: now,
                      host: "api.quickrouter.ai", theme: .default, colorMode: .indexed256)
        f.preview = .cells(image)
        precondition(DashboardView.previewRequest(f) != nil, "the bench's selection shows a picture")
        let withPicture = median(30) { _ = DashboardView.render(f) }
        f.state.previewChoice = .palette
        let withPalette = median(30) { _ = DashboardView.render(f) }
        return [Figure(name: "render.200x60.picture", value: withPicture, unit: "ms/frame (median)"),
                Figure(name: "render.200x60.palette", value: withPalette, unit: "ms/frame (median)")]
    }

    /// What the dashboard holds for one preview it has shown: the fetched bytes (kept to decode
    /// again for a larger room), the decoded picture and the cells drawn for the room, counted
    /// (a cell's one-character text is stored inline, not on the heap).
    static func held(_ jpeg: [UInt8]) -> Figure {
        let p = try! PictureDecoder.decode(jpeg, fitting: (room.columns, room.rows * 2))
        let fit = PreviewFit(pictureWidth: p.width, pictureHeight: p.height, columns: room.columns, rows: room.rows, cell: cell)!
        let cells = CellArt.render(p.resized(width: fit.cellPixels.width, height: fit.cellPixels.height),
                                   columns: fit.columns, rows: fit.rows, mode: .indexed256)
        let bytes = jpeg.count + p.rgb.count + cells.cells.count * MemoryLayout<Cell>.stride
        return Figure(name: "preview.heldPerPreview", value: Double(bytes) / 1024,
                      unit: "KiB/preview (the fetched bytes, \(p.width)×\(p.height) decoded, \(cells.cells.count) cells)")
    }
}
