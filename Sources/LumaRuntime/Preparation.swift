import Foundation
import LumaImage
import LumaKit
import LumaUI

/// Pictures made ready for one room in one mode, off the main thread: scaled, then drawn in
/// cells or encoded as sixel or PNG. A sixel of a large room takes longer than a frame may.
final class Preparation: Sendable {
    /// The url, the decoded picture's size (a larger decode replaces it) and the cells it fills.
    struct Key: Hashable, Sendable {
        var url: String
        var decoded: Int
        var columns: Int, rows: Int
    }

    struct Ready: Sendable {
        var content: PreviewContent
        var id: UInt32
        /// Kitty: the transmission's chunks; sixel and iTerm2: the picture's sequence.
        var sequence: [String]
    }

    private struct State {
        var ready: [Key: Ready] = [:]
        var pending: Set<Key> = []
        var order: [Key] = []
        var nextID: UInt32 = 0
    }

    private let state = Locked(State())
    private let work = DispatchQueue(label: "lumatop.previews.prepare")
    /// Pictures kept ready, for going back and forth between a few generations.
    static let kept = 8

    /// The picture ready for `key`, or nil while it is made; `done` is called (on another
    /// thread) once it is.
    func ready(_ key: Key, picture: Picture, fit: PreviewFit, mode: PreviewMode, colorMode: ColorMode,
               done: @escaping @Sendable () -> Void) -> Ready? {
        enum Look { case ready(Ready), making, start(UInt32) }
        let look = state.withLock { s -> Look in
            if let ready = s.ready[key] {
                s.order.removeAll { $0 == key }
                s.order.append(key)
                return .ready(ready)
            }
            guard s.pending.insert(key).inserted else { return .making }
            // Kitty names a picture by its placeholders' colour: kept below 256 so it survives a
            // 256-colour screen.
            s.nextID = s.nextID % 255 + 1
            return .start(s.nextID)
        }
        switch look {
        case .ready(let ready): return ready
        case .making: return nil
        case .start(let id):
            work.async { [state] in
                let made = Self.make(picture, fit: fit, mode: mode, colorMode: colorMode, id: id)
                state.withLock { s in
                    s.pending.remove(key)
                    s.ready[key] = made
                    s.order.append(key)
                    while s.order.count > Self.kept { s.ready[s.order.removeFirst()] = nil }
                }
                done()
            }
            return nil
        }
    }

    static func make(_ picture: Picture, fit: PreviewFit, mode: PreviewMode, colorMode: ColorMode, id: UInt32) -> Ready {
        let pixels = fit.pixels(for: mode) ?? fit.cellPixels
        let scaled = picture.resized(width: pixels.width, height: pixels.height)
        let graphic = PreviewGraphic(columns: fit.columns, rows: fit.rows, id: id, placeholders: mode == .kitty)
        switch mode {
        case .cells, .off:
            return Ready(content: .cells(CellArt.render(scaled, columns: fit.columns, rows: fit.rows, mode: colorMode)),
                         id: id, sequence: [])
        case .kitty:
            let chunks = KittyGraphics.transmit(.png(PNGEncoder.encode(scaled)), id: id, columns: fit.columns, rows: fit.rows)
            return Ready(content: .graphic(graphic), id: id, sequence: chunks)
        case .sixel: return Ready(content: .graphic(graphic), id: id, sequence: [Sixel.encode(scaled)])
        case .iterm:
            let file = PNGEncoder.encode(scaled)
            return Ready(content: .graphic(graphic), id: id,
                         sequence: [ITermImage.sequence(file: file, columns: fit.columns, rows: fit.rows)])
        }
    }
}
