import Foundation
import LumaKit

/// `X`: delete the selected generation on the provider, after a y/n that names it. Only the
/// official API deletes; elsewhere the key says it cannot.
extension DashboardState {
    mutating func askDelete(_ current: TrackedGeneration?, _ ctx: KeyContext) {
        guard let current else { return }
        guard ctx.deletes else {
            say("this provider cannot delete generations (X works with --provider luma)", error: true, now: ctx.now)
            return
        }
        confirmingDelete = current.id
    }

    /// Only `y` deletes; any other key keeps it.
    mutating func answerDelete(_ id: String, _ key: Key, _ ctx: KeyContext) -> [Effect] {
        confirmingDelete = nil
        let short = UntrustedText.line(String(id.prefix(8)))
        guard key == .char("y") || key == .char("Y") else {
            say("\(short) not deleted", now: ctx.now)
            return []
        }
        say("deleting \(short)…", now: ctx.now)
        return [.delete(id)]
    }

    /// The provider's answer: a deleted generation leaves the list (and the tracked list).
    mutating func deleted(_ id: String, error: String?, _ ctx: KeyContext) -> [Effect] {
        let short = UntrustedText.line(String(id.prefix(8)))
        if let error {
            say("could not delete \(short): \(UntrustedText.line(error))", error: true, now: ctx.now)
            return []
        }
        say("deleted \(short) on the provider", now: ctx.now)
        return ctx.snapshot[id] == nil ? [] : [.untrack(id)]
    }
}
