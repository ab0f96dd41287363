import LumaKit

/// The picture part of the detail pane: a heading that says what shows and what `p` brings next,
/// then the picture, or (while it loads, or when it cannot be had) a line that says so and the palette.
enum PreviewBlock {
    /// A picture is never squeezed below this many rows: a short pane scrolls to it instead.
    static let minimumRows = 6

    static func rows(_ gen: Generation, _ extras: DetailPane.Extras) -> [DetailPane.Row] {
        let choice = extras.previewChoice
        let heading = DetailPane.Row.text("\(choice.label)  · p: \(choice.next.label)", .muted)
        guard gen.state == .completed else { return [.text("palette", .muted), .palette(gen.palette)] }
        guard choice != .palette else { return [heading, .palette(gen.palette)] }
        guard choice.url(in: gen) != nil else {
            return [heading, .text("no \(choice.label) in the answer", .muted), .palette(gen.palette)]
        }
        switch extras.preview {
        case nil, .loading?: return [heading, .text("loading preview…", .muted), .palette(gen.palette)]
        case .unavailable(let why)?: return [heading, .text(why, .error), .palette(gen.palette)]
        case .cells(let picture)?: return [heading, .picture(picture)]
        case .graphic(let graphic)?: return [heading, .graphic(graphic)]
        }
    }

    /// One row of a picture the terminal draws: kitty's placeholders, or blank cells a sixel or
    /// iTerm2 image covers.
    static func drawGraphic(_ graphic: PreviewGraphic, row: Int, x: Int, y: Int, into buffer: inout Buffer) {
        guard y >= 0, y < buffer.height else { return }
        let style = Style(foreground: KittyGraphics.color(id: graphic.id))
        for col in 0..<graphic.columns where x + col < buffer.width {
            buffer[x + col, y] = graphic.placeholders ? Cell(KittyGraphics.placeholder(row: row, column: col), style: style) : Cell(" ")
        }
    }
}
