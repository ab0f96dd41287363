import Foundation
import LumaImage
import LumaKit
import LumaUI

/// The main thread's side of the previews: what this frame shows of the selected picture, and
/// the pictures the terminal draws past the Buffer (kitty, sixel, iTerm2) kept in step with the
/// frames: sent when they appear, cleared when they go, drawn again when the screen was.
final class PreviewStage {
    let previews: Previews
    private var prepared: [Key: Prepared] = [:]
    private var order: [Key] = []
    /// What the last frame showed past the Buffer.
    private var placed: [ImagePlacement] = []
    /// The screen was drawn anew (a resize): pictures on it are drawn again.
    private var wholeScreenRedrawn = false
    private var nextID: UInt32 = 0

    /// A picture ready for one room: the url, the decoded picture's size (a larger decode
    /// replaces it) and the cells it fills.
    private struct Key: Hashable {
        var url: String
        var decoded: Int
        var columns: Int, rows: Int
    }

    private struct Prepared {
        var content: PreviewContent
        var id: UInt32
        /// Kitty: the transmission; sixel and iTerm2: the picture's sequence.
        var sequence: [String]
    }

    /// Prepared pictures kept for going back and forth between a few generations.
    static let kept = 8

    init(previews: Previews) { self.previews = previews }

    /// What the frame shows for `url` in `room` cells.
    func content(url: String, room: (columns: Int, rows: Int), now: Date, colorMode: ColorMode) -> PreviewContent {
        let mode = previews.mode
        guard mode != .off else { return .unavailable("previews are off (--preview)") }
        let cell = previews.cell
        let want = mode == .cells ? Previews.Size(width: room.columns, height: room.rows * 2)
            : Previews.Size(width: room.columns * cell.width, height: room.rows * cell.height)
        let picture: Picture
        switch previews.decoded(url: url, pixels: want, now: now) {
        case .not(let shown): return shown
        case .ready(let p): picture = p
        }
        guard let fit = PreviewFit(pictureWidth: picture.width, pictureHeight: picture.height,
                                   columns: min(room.columns, KittyGraphics.maxCells), rows: min(room.rows, KittyGraphics.maxCells),
                                   cell: cell) else {
            return .unavailable("no room for the picture")
        }
        let key = Key(url: url, decoded: picture.width * picture.height, columns: fit.columns, rows: fit.rows)
        if let ready = prepared[key] {
            order.removeAll { $0 == key }
            order.append(key)
            return ready.content
        }
        let ready = prepare(picture, fit: fit, mode: mode, colorMode: colorMode)
        prepared[key] = ready
        order.append(key)
        while order.count > Self.kept { prepared[order.removeFirst()] = nil }
        return ready.content
    }

    private func prepare(_ picture: Picture, fit: PreviewFit, mode: PreviewMode, colorMode: ColorMode) -> Prepared {
        let pixels = fit.pixels(for: mode) ?? fit.cellPixels
        let scaled = picture.resized(width: pixels.width, height: pixels.height)
        // Kitty's ids name the image by the placeholder's colour: kept below 256 so they survive
        // a 256-colour screen.
        nextID = nextID % 255 + 1
        let graphic = PreviewGraphic(columns: fit.columns, rows: fit.rows, id: nextID, placeholders: mode == .kitty)
        switch mode {
        case .cells, .off:
            return Prepared(content: .cells(CellArt.render(scaled, columns: fit.columns, rows: fit.rows, mode: colorMode)),
                            id: nextID, sequence: [])
        case .kitty:
            let chunks = KittyGraphics.transmit(.png(PNGEncoder.encode(scaled)), id: nextID, columns: fit.columns, rows: fit.rows)
            return Prepared(content: .graphic(graphic), id: nextID, sequence: chunks)
        case .sixel: return Prepared(content: .graphic(graphic), id: nextID, sequence: [Sixel.encode(scaled)])
        case .iterm:
            let file = PNGEncoder.encode(scaled)
            return Prepared(content: .graphic(graphic), id: nextID, sequence: [ITermImage.sequence(file: file, columns: fit.columns, rows: fit.rows)])
        }
    }

    /// The terminal's screen was drawn anew.
    func screenRedrawn() { wholeScreenRedrawn = true }

    /// Draws a composed frame: rows under a picture that goes are written again first, kitty
    /// images no longer shown are deleted, then the frame, then the pictures that are new,
    /// moved or were drawn over.
    func draw(_ composed: DashboardView.Composed, content: PreviewContent?, on terminal: any Terminal) {
        var next: [ImagePlacement] = []
        if let rect = composed.graphic, case .graphic(let g)? = content {
            next = [ImagePlacement(id: g.id, rect: rect, mode: previews.mode)]
        }
        let screen = Rect(x: 0, y: 0, width: composed.buffer.width, height: composed.buffer.height)
        let changes = PlacementChanges.between(placed, next, repainted: wholeScreenRedrawn ? [screen] : [])
        wholeScreenRedrawn = false
        for rect in changes.clear { terminal.repaint(rows: rect.y..<rect.maxY) }
        for id in changes.delete { terminal.emit(previews.wrap(KittyGraphics.delete(id: id))) }
        terminal.draw(composed.buffer)
        for placement in changes.draw {
            guard let ready = prepared.values.first(where: { $0.id == placement.id }) else { continue }
            if placement.mode == .kitty {
                for chunk in ready.sequence { terminal.emit(previews.wrap(chunk)) }
            } else {
                // tmux draws sixel itself; an iTerm2 image goes through to the terminal outside.
                let bytes = ready.sequence.joined()
                terminal.place(placement.mode == .iterm ? previews.wrap(bytes) : bytes, x: placement.rect.x, y: placement.rect.y)
            }
        }
        placed = next
    }

    /// On the way out: kitty forgets the images sent to it.
    func farewell(on terminal: any Terminal) {
        for p in placed where p.mode == .kitty { terminal.emit(previews.wrap(KittyGraphics.delete(id: p.id))) }
        placed = []
    }
}
