import Foundation
import LumaKit

extension DashboardState {
    /// Two presses on the same row within this many seconds are a double click.
    public static let doubleClickSeconds: TimeInterval = 0.4
    /// Rows one notch of the wheel scrolls.
    public static let wheelRows = 3

    /// A click or a turn of the wheel, on what the screen shows there: a row selects it, twice
    /// zooms it; a column header sorts by that column (again: the other way); a URL in the detail
    /// becomes the one `o` and `y` act on; the wheel scrolls the pane under the pointer.
    mutating func reduce(_ mouse: MouseEvent, _ ctx: KeyContext) -> [Effect] {
        // The form, the input line and a question take keys only: a click must not answer one.
        if form != nil || prompt != nil || confirmingDelete != nil { return [] }
        if showHelp || showLog {
            // The wheel scrolls the help or the log as the arrows do; a help that fits stays.
            let fits = showHelp && keymap.bindings.count <= ctx.helpLines
            switch mouse.button {
            case .wheelUp where !fits: return reduce(Key.up, ctx)
            case .wheelDown where !fits: return reduce(Key.down, ctx)
            default: return []
            }
        }
        guard mouse.phase == .press else { return [] }
        var frame = Frame(state: self, snapshot: ctx.snapshot, width: ctx.screenWidth, height: ctx.screenHeight,
                          now: ctx.now, host: "", downloads: ctx.downloads)
        let order = rowOrder(ctx.snapshot)
        frame.rowOrder = order
        let target = DashboardView.target(column: mouse.column, row: mouse.row, in: frame)
        switch (mouse.button, target) {
        case (.wheelUp, .header), (.wheelUp, .row), (.wheelUp, .list): scrollList(by: -Self.wheelRows, order, ctx)
        case (.wheelDown, .header), (.wheelDown, .row), (.wheelDown, .list): scrollList(by: Self.wheelRows, order, ctx)
        case (.wheelUp, .detail): detailScroll = max(0, detailScroll - Self.wheelRows)
        case (.wheelDown, .detail): detailScroll += Self.wheelRows
        case (.left, .header(let sorting?)):
            if sorting == sort { sortReversed.toggle() } else { (sort, sortReversed) = (sorting, false) }
            listTop = 0
            say("sorted \(sort.label)\(sortReversed ? ", reversed" : "")", now: ctx.now)
        case (.left, .row(let id)):
            focus = .list
            if id != selectedID { detailScroll = 0 }
            selectedID = id
            if let last = lastClick, last.id == id, ctx.now.timeIntervalSince(last.at) <= Self.doubleClickSeconds {
                lastClick = nil
                zoomed = true
                detailScroll = 0
            } else {
                lastClick = Click(id: id, at: ctx.now)
            }
        case (.left, .list): focus = .list
        case (.left, .detail(let link)):
            focus = .detail
            if let link, let generation = selected(ctx.snapshot, order: order)?.generation {
                urlChoice = link
                if let (choice, _) = urlChoice.effective(in: generation) {
                    say("o and y act on the \(choice.label) URL", now: ctx.now)
                }
            }
        default: break
        }
        return []
    }

    /// Moves the list's view; the selection moves only when it would leave the view.
    private mutating func scrollList(by delta: Int, _ order: [Int], _ ctx: KeyContext) {
        let visible = ctx.listHeight
        listTop = max(0, min(listTop + delta, order.count - visible))
        guard let current = selected(ctx.snapshot, order: order), let position = ctx.snapshot.position(of: current.id),
              let i = order.firstIndex(of: position) else { return }
        let kept = min(max(i, listTop), min(order.count, listTop + visible) - 1)
        if kept != i {
            selectedID = ctx.snapshot.generations[order[kept]].id
            detailScroll = 0
        }
    }
}
