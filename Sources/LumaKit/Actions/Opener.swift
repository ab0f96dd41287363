import Foundation

/// Opens a URL with the system's opener: `$BROWSER`, else `xdg-open`. The URL is always one
/// argument of its own; no shell ever sees it.
public enum Opener {
    #if os(macOS)
    static let fallback = "open"
    #else
    static let fallback = "xdg-open"
    #endif

    /// The argument vector that opens `url`, or nil when there is no opener.
    /// `$BROWSER` may list several commands separated by `:`; the first one found is used. Its
    /// words are split on spaces; a `%s` word is replaced by the URL, else the URL comes last,
    /// after `--`: browsers take options, and `--` ends them. xdg-open gets no `--` (it refuses
    /// it as an unknown option); a URL never starts with `-` anyway (`WebURL`).
    public static func command(for url: WebURL, environment env: [String: String]) -> [String]? {
        let browsers = (env["BROWSER"] ?? "").split(separator: ":").map(String.init) + [fallback]
        for entry in browsers {
            var words = entry.split(separator: " ").map(String.init)
            guard let name = words.first, let path = Spawn.which(name, environment: env) else { continue }
            words[0] = path
            if let i = words.firstIndex(of: "%s") {
                words[i] = url.text
            } else {
                if !takesNoSeparator.contains(URL(fileURLWithPath: path).lastPathComponent) { words.append("--") }
                words.append(url.text)
            }
            return words
        }
        return nil
    }

    /// Openers that refuse `--`.
    static let takesNoSeparator: Set<String> = ["xdg-open"]

    /// What went wrong, in words a status line can show.
    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        case noOpener
        case failed(program: String, status: Int32)
        case cannotStart(String)

        public var description: String {
            switch self {
            case .noOpener: "no opener: set BROWSER or install xdg-open"
            case .failed(let program, let status): "\(program) exited with status \(status)"
            case .cannotStart(let why): why
            }
        }
    }

    /// Runs the opener in the background; `completion` gets its outcome.
    public static func open(_ url: WebURL, environment env: [String: String],
                            completion: @escaping @Sendable (Result<Void, Failure>) -> Void) {
        guard let argv = command(for: url, environment: env) else { return completion(.failure(.noOpener)) }
        let program = URL(fileURLWithPath: argv[0]).lastPathComponent
        Spawn.run(argv, environment: env) { result in
            switch result {
            case .success(0): completion(.success(()))
            case .success(let status): completion(.failure(.failed(program: program, status: status)))
            case .failure(let error): completion(.failure(.cannotStart(error.description)))
            }
        }
    }
}
