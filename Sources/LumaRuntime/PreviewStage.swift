import Foundation
import LumaImage
import LumaKit
import LumaUI

/// The main thread's side of the previews: what this frame shows of the selected picture, and
/// the pictures the terminal draws past the Buffer (kitty, sixel, iTerm2) kept in step with the
/// frames: sent when they appear, cleared when they go, drawn again when the screen was.
final class PreviewStage {
    let previews: Previews
    private let preparation = Preparation()
    /// The pictures of the last frames, by id, for placing them.
    private var shown: [UInt32: Preparation.Ready] = [:]
    /// What the last frame showed past the Buffer.
    private var placed: [ImagePlacement] = []
    /// The screen was drawn anew (a resize): pictures on it are drawn again.
    private var wholeScreenRedrawn = false

    init(previews: Previews) { self.previews = previews }

    /// What the frame shows for `url` in `room` cells; never waits for a fetch, a decode or an
    /// encoding.
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
        let key = Preparation.Key(url: url, decoded: picture.width * picture.height, columns: fit.columns, rows: fit.rows)
        guard let ready = preparation.ready(key, picture: picture, fit: fit, mode: mode, colorMode: colorMode,
                                            done: previews.poke) else { return .loading }
        shown[ready.id] = ready
        if shown.count > Preparation.kept {
            shown = shown.filter { id, _ in id == ready.id || placed.contains { $0.id == id } }
        }
        return ready.content
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
            guard let ready = shown[placement.id] else { continue }
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
