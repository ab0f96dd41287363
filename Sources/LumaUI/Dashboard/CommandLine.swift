import LumaKit

/// The commands of the `:` line, as k9s and vim users type them. A command may be shortened to
/// any start that names only it (`:q`, `:so state`).
public enum LineCommand: String, CaseIterable, Sendable {
    case sort, theme, track, filter, download, quit, help

    /// How help shows the command and what it takes.
    public var usage: String {
        switch self {
        case .sort: "sort " + SortOrder.allCases.map(\.word).joined(separator: "|")
        case .theme: "theme NAME"
        case .track: "track ID…"
        case .filter: "filter TEXT"
        case .download, .quit, .help: rawValue
        }
    }

    /// Whether words may follow the name.
    var takesArguments: Bool {
        switch self {
        case .sort, .theme, .track, .filter: true
        case .download, .quit, .help: false
        }
    }

    /// What a typed word names.
    enum Lookup: Equatable {
        case found(LineCommand)
        case ambiguous([LineCommand])
        /// With the nearest command's name, when one is close.
        case unknown(nearest: String?)
    }

    static func named(_ word: String) -> Lookup {
        if let exact = LineCommand(rawValue: word) { return .found(exact) }
        let starting = allCases.filter { !word.isEmpty && $0.rawValue.hasPrefix(word) }
        if starting.count == 1 { return .found(starting[0]) }
        if starting.count > 1 { return .ambiguous(starting) }
        return .unknown(nearest: NearestWord.to(word, among: allCases.map(\.rawValue)))
    }

    /// The words that may follow the name, for Tab; nil when anything may (ids, filter text).
    func arguments(themes: [String]) -> [String]? {
        switch self {
        case .sort: SortOrder.allCases.map(\.word)
        case .theme: themes
        case .track, .filter, .download, .quit, .help: nil
        }
    }
}

extension SortOrder {
    /// The word `:sort` takes.
    public var word: String {
        switch self {
        case .newestFirst: "newest"
        case .byState: "state"
        case .byTimeInState: "time"
        }
    }

    /// The order a word (or the start of one) names.
    static func named(_ word: String) -> SortOrder? {
        if let exact = allCases.first(where: { $0.word == word }) { return exact }
        let starting = allCases.filter { !word.isEmpty && $0.word.hasPrefix(word) }
        return starting.count == 1 ? starting[0] : nil
    }
}

/// The typed line split at its first run of spaces: the command's word and the rest as typed.
struct CommandText: Equatable {
    var word: String
    var rest: String

    init(_ text: String) {
        let trimmed = text.drop { $0 == " " }
        let word = trimmed.prefix { $0 != " " }
        self.word = String(word)
        rest = String(trimmed.dropFirst(word.count).drop { $0 == " " })
    }
}

/// What Tab makes of the `:` line: the word under completion grows to what every candidate
/// shares, so a lone candidate completes it (with a space after a command's name).
struct CommandCompletion: Equatable {
    var text: String
    /// What the word could become: one has completed it, several are listed, none is said.
    var candidates: [String]

    init(_ text: String, themes: [String]) {
        let head = CommandText(text)
        guard text.drop(while: { $0 == " " }).contains(" ") else {
            self.init(text, word: head.word, candidates: LineCommand.allCases.map(\.rawValue), spaceAfter: true)
            return
        }
        // Words are offered only for the one argument of `:sort` and `:theme`.
        var words: [String] = []
        if case .found(let command) = LineCommand.named(head.word), !head.rest.contains(" ") {
            words = command.arguments(themes: themes) ?? []
        }
        self.init(text, word: head.rest, candidates: words, spaceAfter: false)
    }

    private init(_ text: String, word: String, candidates: [String], spaceAfter: Bool) {
        let matching = candidates.filter { $0.hasPrefix(word) }
        let before = String(text.dropLast(word.count))
        self.candidates = matching
        switch matching.count {
        case 0: self.text = text
        case 1: self.text = before + matching[0] + (spaceAfter ? " " : "")
        default: self.text = before + Self.sharedStart(matching)
        }
    }

    static func sharedStart(_ words: [String]) -> String {
        guard var shared = words.first else { return "" }
        for w in words.dropFirst() {
            shared = String(zip(shared, w).prefix { $0 == $1 }.map(\.0))
        }
        return shared
    }
}
