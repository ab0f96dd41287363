import Foundation
import LumaKit

/// What is under the pointer, as the frame draws it.
public enum MouseTarget: Hashable, Sendable {
    /// The list's header; the sort order of the column there, if it sorts.
    case header(SortOrder?)
    /// A generation's row in the list.
    case row(String)
    /// The list below its last row.
    case list
    /// The detail pane; the URL on that line, if one shows there.
    case detail(link: MediaChoice?)
    /// The title, the bottom bar, a rule, or off the screen.
    case none
}

extension DashboardView {
    /// What a frame shows at column `x`, row `y`, from the same layout `compose` draws with.
    public static func target(column x: Int, row y: Int, in f: Frame) -> MouseTarget {
        guard f.width >= minimumWidth, f.height >= minimumHeight, (0..<f.width).contains(x), (0..<f.height).contains(y) else {
            return .none
        }
        let l = layout(width: f.width, height: f.height, zoomed: f.state.zoomed)
        let order = f.rowOrder ?? f.state.rowOrder(f.snapshot)
        if let list = l.list, list.holds(x, y) {
            if y == list.y {
                return .header(GenerationTable.sortOrder(atColumn: x, in: list, estimating: !f.snapshot.estimates.isEmpty,
                                                             order: f.state.columns))
            }
            let i = f.state.listTop + y - list.y - 1
            return order.indices.contains(i) ? .row(f.snapshot.generations[order[i]].id) : .list
        }
        if let detail = l.detail, detail.holds(x, y) {
            guard let g = f.state.selected(f.snapshot, order: order) else { return .detail(link: nil) }
            return .detail(link: DetailPane.link(atRow: y, g, extras: extras(f, g), scroll: f.state.detailScroll,
                                                 in: detail, now: f.now))
        }
        return .none
    }
}

extension Rect {
    func holds(_ px: Int, _ py: Int) -> Bool { px >= x && px < maxX && py >= y && py < maxY }
}
