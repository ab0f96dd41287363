import Foundation
import LumaKit

/// The new-generation form as a mode of the dashboard: `n`, `e` and `N` open it; while it is open
/// every key but Ctrl-C is its own.
extension DashboardState {
    /// `n`: a new generation, with the values last sent.
    mutating func openNewForm() {
        form = GenerationForm(kind: .create, values: lastSent ?? GenerationForm.Values())
    }

    /// `e`: the continuation of a completed generation, prompt empty.
    mutating func openExtendForm(_ current: TrackedGeneration?, _ ctx: KeyContext) {
        guard let current else {
            say("nothing selected to extend", error: true, now: ctx.now)
            return
        }
        guard current.generation?.state == .completed else {
            say("\(current.id.prefix(8)) is \(current.condition.word): only a completed generation can be extended",
                error: true, now: ctx.now)
            return
        }
        var values = lastSent ?? GenerationForm.Values()
        values.prompt = ""
        values.image = ""
        values.endImage = ""
        form = GenerationForm(kind: .extend(parentID: current.id), values: values)
    }

    /// `N`: the selected generation again, from its prompt and aspect ratio.
    mutating func openAgainForm(_ current: TrackedGeneration?, _ ctx: KeyContext) {
        guard let current else {
            say("nothing selected to start again", error: true, now: ctx.now)
            return
        }
        guard let generation = current.generation else {
            say("\(current.id.prefix(8)) has no answer yet: no prompt to start again from", error: true, now: ctx.now)
            return
        }
        var values = GenerationForm.Values()
        values.prompt = generation.prompt ?? ""
        if let ratio = generation.aspectRatio, !ratio.isEmpty { values.aspectRatio = ratio }
        form = GenerationForm(kind: .create, values: values)
    }

    /// A key while the form is open.
    mutating func formKey(_ key: Key, _ ctx: KeyContext) -> [Effect] {
        guard var form else { return [] }
        defer { if self.form != nil { self.form = form } }
        switch form.stage {
        case .sending:
            // One order at a time: its answer decides what comes next.
            return []
        case .confirmingClose:
            if key == .char("y") || key == .char("Y") {
                self.form = nil
                return []
            }
            form.stage = .editing
        case .confirming(let order, _):
            switch key {
            case .char("y"), .char("Y"):
                form.stage = .sending(order)
                form.problem = nil
                lastSent = form.values
                return [.create(order)]
            case .char("n"), .char("N"), .escape: form.stage = .editing
            default: break
            }
        case .editing:
            return editForm(&form, key, ctx)
        }
        return []
    }

    private mutating func editForm(_ form: inout GenerationForm, _ key: Key, _ ctx: KeyContext) -> [Effect] {
        switch key {
        case .escape:
            if form.prompt.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                self.form = nil
            } else {
                form.stage = .confirmingClose
            }
        case .ctrl("s"): submit(&form, ctx)
        case .enter:
            switch form.field {
            case .create: submit(&form, ctx)
            case .loop: form.loop.toggle()
            default: form.move(by: 1)
            }
        case .tab, .down: form.move(by: 1)
        case .backTab, .up: form.move(by: -1)
        case .paste(let text):
            if let field = form.text { form[keyPath: field].insert(text) }
        case .left, .right:
            if !form.cycle(by: key == .right ? 1 : -1), let field = form.text { _ = form[keyPath: field].edit(key) }
        case .char(" ") where form.field == .loop: form.loop.toggle()
        default:
            if let field = form.text { _ = form[keyPath: field].edit(key) }
        }
        return []
    }

    /// Enter on Create or Ctrl-S: refused with its reason in the form, or shown for a yes.
    private func submit(_ form: inout GenerationForm, _ ctx: KeyContext) {
        let order = form.order
        do throws(OrderInvalid) { try order.validate() } catch {
            form.problem = "not sent: \(error.description)"
            return
        }
        guard let creator = ctx.creator else {
            form.problem = "creating is not available with this service"
            return
        }
        form.problem = nil
        form.stage = .confirming(order, creator.request(for: order))
    }

    /// What came of a sent order: the new generation is tracked and selected, or the bottom bar
    /// says why not and the form keeps its values for another try (never sent again by itself).
    mutating func created(_ order: GenerationOrder, _ result: Result<Created, CreateFailure>, _ ctx: KeyContext) -> [Effect] {
        let ours = form.map { $0.stage == .sending(order) } ?? false
        switch result {
        case .success(let made):
            if ours { form = nil }
            // The new one must show: a filter could hide it.
            filter = ""
            focus = .list
            if made.id != selectedID { detailScroll = 0 }
            selectedID = made.id
            let parent: String? = if case .extend(let id) = order.kind { id } else { nil }
            say(parent.map { "created \(made.id.prefix(8)), extending \($0.prefix(8))" } ?? "created \(made.id.prefix(8))",
                now: ctx.now)
            return [.trackCreated(made.id, extends: parent)]
        case .failure(let failure):
            if ours {
                form?.stage = .editing
                form?.problem = failure.description
            }
            say(failure.description, error: true, now: ctx.now)
            return []
        }
    }

    /// The order could not leave (no way to send it): the form says why.
    mutating func notSent(_ order: GenerationOrder, _ reason: String, _ ctx: KeyContext) -> [Effect] {
        if let form, form.stage == .sending(order) {
            self.form?.stage = .editing
            self.form?.problem = reason
        }
        say("not sent: \(reason)", error: true, now: ctx.now)
        return []
    }
}
