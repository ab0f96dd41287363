import LumaKit

extension DashboardState {
    /// The `:` line's keys: Tab completes, Enter runs, Esc (or Backspace on an empty line) closes.
    mutating func commandKey(_ key: Key, _ ctx: KeyContext) -> [Effect] {
        switch key {
        case .escape: prompt = nil
        case .backspace where input.text.isEmpty: prompt = nil
        case .tab:
            let completion = CommandCompletion(input.text, themes: ctx.themeNames)
            input = InputLine(text: completion.text)
            prompt = .command(choices: completion.candidates.count == 1 ? nil : completion.candidates)
        case .enter:
            prompt = nil
            return runCommand(input.text, ctx)
        default:
            if input.edit(key) { prompt = .command() }
        }
        return []
    }

    /// Runs one line of the `:` prompt. A refused line is said, and offered again by the next `:`.
    mutating func runCommand(_ text: String, _ ctx: KeyContext) -> [Effect] {
        let line = CommandText(text)
        if line.word.isEmpty { return [] }
        let command: LineCommand
        switch LineCommand.named(line.word) {
        case .found(let found): command = found
        case .ambiguous(let all):
            return refuse(text, ":\(line.word) could be " + all.map { ":\($0.rawValue)" }.joined(separator: " or "), ctx)
        case .unknown(let nearest):
            return refuse(text, "unknown command :\(line.word)" + (nearest.map { " (did you mean :\($0)?)" } ?? ""), ctx)
        }
        if !command.takesArguments, !line.rest.isEmpty {
            return refuse(text, ":\(command.rawValue) takes nothing after it", ctx)
        }
        switch command {
        case .sort:
            guard let order = SortOrder.named(line.rest) else {
                let words = SortOrder.allCases.map(\.word).joined(separator: ", ")
                return refuse(text, line.rest.isEmpty ? "sort by what? \(words)" : "no sort order \(line.rest) (\(words))", ctx)
            }
            sort = order
            sortReversed = false
            say("sorted \(sort.label)", now: ctx.now)
        case .theme:
            if line.rest.isEmpty {
                say("themes: " + ctx.themeNames.joined(separator: ", "), now: ctx.now)
                return []
            }
            guard ctx.themeNames.isEmpty || ctx.themeNames.contains(line.rest) else {
                let nearest = NearestWord.to(line.rest, among: ctx.themeNames).map { " (did you mean \($0)?)" }
                return refuse(text, "no theme named \(line.rest)" + (nearest ?? " (Tab lists them)"), ctx)
            }
            return [.setTheme(line.rest)]
        case .track:
            if line.rest.isEmpty { return refuse(text, "track which ids?", ctx) }
            switch track(line.rest, ctx) {
            case .effects(let effects): return effects
            case .refused(let why): return refuse(text, why, ctx)
            }
        case .filter:
            filter = line.rest
            listTop = 0
            say(filter.isEmpty ? "filter cleared" : "filter: \(filter)", now: ctx.now)
        case .download:
            guard let current = selected(in: rows(ctx.snapshot)) else {
                say("nothing to download: no generation selected", error: true, now: ctx.now)
                return []
            }
            return download(current, ctx)
        case .quit: return quit(ctx)
        case .help:
            say("commands: " + LineCommand.allCases.map { ":" + $0.usage }.joined(separator: "  "), now: ctx.now)
        }
        return []
    }

    private mutating func refuse(_ text: String, _ why: String, _ ctx: KeyContext) -> [Effect] {
        rejectedCommand = text
        say(why + " (: to edit)", error: true, now: ctx.now)
        return []
    }
}
