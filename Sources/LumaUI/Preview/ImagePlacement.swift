/// An image on screen drawn past the Buffer (kitty, sixel, iTerm2), as the runtime keeps track of it
/// from frame to frame.
public struct ImagePlacement: Hashable, Sendable {
    /// Which picture (the runtime's number for it; for kitty, the image id).
    public var id: UInt32
    public var rect: Rect
    public var mode: PreviewMode

    public init(id: UInt32, rect: Rect, mode: PreviewMode) { self.id = id; self.rect = rect; self.mode = mode }
}

/// What to do to the screen between two frames' placements, in this order: repaint `clear` from
/// the Buffer (over a sixel or iTerm2 image, the terminal keeps its pixels until text is written
/// there), tell the terminal to forget `delete` (kitty ids no longer shown), then `draw`.
public struct PlacementChanges: Hashable, Sendable {
    public var clear: [Rect] = []
    public var delete: [UInt32] = []
    public var draw: [ImagePlacement] = []

    public var isEmpty: Bool { clear.isEmpty && delete.isEmpty && draw.isEmpty }

    /// Compares the last frame's placements with this one's. A sixel or iTerm2 image is drawn when
    /// it is new or moved, or when `repainted` (cells the terminal rewrote this frame) touches it;
    /// the rect of one gone or moved is cleared. A kitty image is text in the Buffer, so it moves by
    /// itself: it is sent when its id is new or its size in cells changed, and deleted when its id is
    /// gone.
    public static func between(_ last: [ImagePlacement], _ next: [ImagePlacement], repainted: [Rect] = []) -> PlacementChanges {
        var changes = PlacementChanges()
        let lastSet = Set(last), nextSet = Set(next)
        for old in last where old.mode != .kitty && !nextSet.contains(old) {
            changes.clear.append(old.rect)
        }
        let nextKitty = Dictionary(next.filter { $0.mode == .kitty }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var deleted = Set<UInt32>()
        for old in last where old.mode == .kitty && nextKitty[old.id] == nil && deleted.insert(old.id).inserted {
            changes.delete.append(old.id)
        }
        let lastKitty = Dictionary(last.filter { $0.mode == .kitty }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for new in next {
            switch new.mode {
            case .kitty:
                let old = lastKitty[new.id]
                if old == nil || old!.rect.width != new.rect.width || old!.rect.height != new.rect.height {
                    changes.draw.append(new)
                }
            case .sixel, .iterm:
                let touched = repainted.contains { $0.intersects(new.rect) }
                    || changes.clear.contains { $0.intersects(new.rect) }
                if !lastSet.contains(new) || touched { changes.draw.append(new) }
            case .cells, .off:
                continue
            }
        }
        return changes
    }
}

extension Rect {
    /// Whether the two share a cell.
    public func intersects(_ other: Rect) -> Bool {
        !isEmpty && !other.isEmpty && x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }
}
