import LumaKit

/// The new-generation form in a box: the fields with the cursor in one of them, the Create button
/// and what went wrong; once asked for, the exact request waiting for a yes.
public enum FormView {
    static let labelWidth = 14
    /// Rows besides the prompt's: five fields, a blank, the button, a line for the problem.
    static let otherRows = 8

    public static func draw(_ form: GenerationForm, in area: Rect, into buffer: inout Buffer, theme: Theme) {
        buffer.fill(area, style: theme[.normal])
        Border.draw(area, title: form.heading, into: &buffer, theme: theme)
        let inner = Rect(x: area.x + 2, y: area.y + 1, width: area.width - 4, height: area.height - 2)
        guard inner.width > labelWidth + 4, inner.height > 2 else { return }
        if case .confirming(_, let request) = form.stage {
            drawRequest(request, in: inner, into: &buffer, theme: theme)
            return
        }
        var y = inner.y
        let valueX = inner.x + labelWidth
        let valueWidth = inner.width - labelWidth
        let editing = form.stage == .editing
        func label(_ field: GenerationForm.Field) {
            let here = editing && form.field == field
            buffer.put((here ? "▸ " : "  ") + field.label, x: inner.x, y: y, style: theme[here ? .keyhint : .muted],
                       limit: labelWidth - 1)
        }
        let promptRows = max(1, min(max(3, promptLines(form, width: valueWidth).count), inner.height - otherRows))
        label(.prompt)
        drawPrompt(form.prompt, focused: editing && form.field == .prompt, rows: promptRows,
                   in: Rect(x: valueX, y: y, width: valueWidth, height: promptRows), into: &buffer, theme: theme)
        y += promptRows
        for field in [GenerationForm.Field.aspectRatio, .model, .loop, .image, .endImage] where y < inner.maxY {
            label(field)
            let here = editing && form.field == field
            let style = theme[here ? .accent : .normal]
            switch field {
            case .aspectRatio:
                buffer.put(choice(UntrustedText.line(form.aspectRatio), here), x: valueX, y: y, style: style, limit: valueWidth)
            case .model:
                buffer.put(choice(form.model.isEmpty ? "default" : form.model, here), x: valueX, y: y, style: style,
                           limit: valueWidth)
            case .loop:
                buffer.put(form.loop ? "[x] loop" : "[ ] no loop", x: valueX, y: y, style: style, limit: valueWidth)
            case .image, .endImage:
                let text = field == .image ? form.image : form.endImage
                drawLine(text, focused: here, placeholder: "(none) http(s) URL",
                         in: Rect(x: valueX, y: y, width: valueWidth, height: 1), into: &buffer, theme: theme)
            case .prompt, .create: break
            }
            y += 1
        }
        y += 1
        if y < inner.maxY {
            let here = editing && form.field == .create
            let width = buffer.put("[ Create ]", x: valueX, y: y, style: theme[here ? .keyhint : .accent], limit: valueWidth)
            if here { buffer.restyle(Rect(x: valueX, y: y, width: width, height: 1)) { $0.reverse = true } }
            buffer.put("  ^S", x: valueX + width, y: y, style: theme[.muted], limit: valueWidth - width)
            y += 1
        }
        let (note, role) = status(form)
        if let note, y < inner.maxY {
            for line in TextWidth.wrap(note, width: inner.width).prefix(inner.maxY - y) {
                buffer.put(line, x: inner.x, y: y, style: theme[role], limit: inner.width)
                y += 1
            }
        }
    }

    /// What the bottom bar says while the form is open.
    public static func hint(_ form: GenerationForm) -> String {
        switch form.stage {
        case .editing: "Tab ↓↑ field  ←→ choose  ^S create  Esc close"
        case .confirming: "y send it  n back to the form"
        case .sending: "sending… (once: never sent again by itself)"
        case .confirmingClose: "close the form and lose what is written? (y/n)"
        }
    }

    private static func status(_ form: GenerationForm) -> (String?, Role) {
        switch form.stage {
        case .sending: ("sending…", .accent)
        case .confirmingClose: ("close the form and lose what is written? (y/n)", .warning)
        case .editing, .confirming: (form.problem, .error)
        }
    }

    private static func choice(_ value: String, _ here: Bool) -> String { here ? "‹ \(value) ›" : "  \(value)" }

    /// The prompt's lines: one column is kept for the cursor after the last character.
    static func promptLines(_ form: GenerationForm, width: Int) -> [Range<Int>] {
        EditableText.lines(Array(form.prompt.text), width: width - 1)
    }

    /// The wrapped prompt, scrolled so the cursor's line shows.
    private static func drawPrompt(_ text: EditableText, focused: Bool, rows: Int, in area: Rect,
                                   into buffer: inout Buffer, theme: Theme) {
        let chars = Array(text.text)
        let lines = EditableText.lines(chars, width: area.width - 1)
        let place = text.cursorPlace(width: area.width - 1)
        let top = focused ? max(0, place.line - rows + 1) : 0
        if chars.isEmpty && !focused {
            buffer.put("(empty)", x: area.x, y: area.y, style: theme[.muted], limit: area.width)
        }
        for (i, range) in lines.enumerated() where i >= top && i - top < rows {
            buffer.put(String(chars[range]), x: area.x, y: area.y + i - top, style: theme[.normal], limit: area.width)
        }
        if focused {
            buffer.restyle(Rect(x: area.x + place.column, y: area.y + place.line - top, width: 1, height: 1)) { $0.reverse = true }
        }
    }

    /// A one-line field: scrolled to keep the cursor in view while it has it.
    private static func drawLine(_ text: EditableText, focused: Bool, placeholder: String, in area: Rect,
                                 into buffer: inout Buffer, theme: Theme) {
        if focused {
            var line = InputLine(text: text.text)
            line.cursor = text.cursor
            InputLineView.draw(line, in: area, into: &buffer, theme: theme)
        } else if text.text.isEmpty {
            buffer.put(placeholder, x: area.x, y: area.y, style: theme[.muted], limit: area.width)
        } else {
            buffer.put(TextWidth.truncate(text.text, to: area.width), x: area.x, y: area.y, style: theme[.normal], limit: area.width)
        }
    }

    /// The request as it would be sent (never the key), and the question.
    private static func drawRequest(_ request: CreateRequest, in area: Rect, into buffer: inout Buffer, theme: Theme) {
        var y = area.y
        buffer.put("send this request? (y/n)", x: area.x, y: y, style: theme[.keyhint], limit: area.width)
        y += 2
        let head = TextWidth.wrap(UntrustedText.line("\(request.method) \(request.url)"), width: area.width)
        let body = TextWidth.wrap(UntrustedText.block(request.body), width: area.width)
        let room = area.maxY - y
        var lines = head.map { ($0, Role.accent) } + body.map { ($0, Role.normal) }
        if lines.count > room, room > 0 {
            // What does not fit is counted, so nothing is sent unseen without saying so.
            let hidden = lines.count - room + 1
            lines = Array(lines.prefix(room - 1)) + [("… \(hidden) more line\(hidden == 1 ? "" : "s") of the body", .muted)]
        }
        for (text, role) in lines.prefix(max(0, room)) {
            buffer.put(text, x: area.x, y: y, style: theme[role], limit: area.width)
            y += 1
        }
    }
}
