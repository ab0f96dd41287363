import LumaKit

extension DashboardState {
    /// What `a` and `:track` make of the ids typed.
    enum Tracking: Equatable {
        case effects([Effect])
        /// Nothing tracked, for this reason: the caller keeps the text for mending.
        case refused(String)
    }

    /// `a` and `:track`: ids separated by spaces, commas or tabs. A piece of a tracked id, as the
    /// list shows it, names that id; a piece that names several, or an id that is not one, refuses
    /// the whole line. Selects the first id named.
    mutating func track(_ text: String, _ ctx: KeyContext) -> Tracking {
        let ids = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
        if ids.isEmpty { return .effects([]) }
        for id in ids {
            do throws(InvalidTaskID) { try TaskID.validate(id) } catch { return .refused(UntrustedText.line(error.description)) }
        }
        let tracked = ctx.snapshot.generations.map(\.id)
        let named: [String]
        do throws(IDPrefix.Ambiguous) { named = try IDPrefix.resolve(ids, among: tracked) } catch {
            return .refused(error.description)
        }
        var seen = Set<String>()
        let unique = named.filter { seen.insert($0).inserted }
        selectedID = unique.first
        // One of the account's recent ones is shown but not tracked: `a` tracks it.
        let known = Set(ctx.snapshot.generations.lazy.filter { !$0.isRecent }.map(\.id))
        let new = unique.filter { !known.contains($0) }
        guard !new.isEmpty else {
            say("already tracked: \(unique.map { String($0.prefix(8)) }.joined(separator: ", "))", now: ctx.now)
            return .effects([])
        }
        say("tracking \(new.count == 1 ? String(new[0].prefix(8)) : "\(new.count) ids")", now: ctx.now)
        return .effects([.track(new)])
    }

    /// The `a` line's keys.
    mutating func addIDsKey(_ key: Key, _ ctx: KeyContext) -> [Effect] {
        switch key {
        case .escape: prompt = nil
        case .enter:
            // Closed either way, so the reason shows; `a` brings a refused line back to mend.
            prompt = nil
            switch track(input.text, ctx) {
            case .effects(let effects): return effects
            case .refused(let why):
                rejectedInput = input.text
                say(why + " (\(keymap.name(of: .add)) to edit)", error: true, now: ctx.now)
            }
        default: _ = input.edit(key)
        }
        return []
    }
}
