import Foundation

/// `--on-complete CMD`: runs the user's command when a generation finishes. The command is the
/// user's own text, run by `/bin/sh -c`; what the server said reaches it only through the
/// environment (`LUMATOP_ID`, `LUMATOP_STATE`, `LUMATOP_VIDEO_URL`), never inside a shell string.
public final class CompletionHook: Sendable {
    public let command: String
    private let environment: [String: String]
    private let output: Int32?
    private let running = DispatchGroup()

    /// `output`: where the command's stdout and stderr go (nil: /dev/null).
    public init(command: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                output: Int32? = nil) {
        self.command = command
        self.environment = environment
        self.output = output
    }

    /// The variables the command gets for `g`, cleaned: a script that echoes one must not
    /// pass an escape sequence to the terminal. A URL that may not leave lumatop (not a web URL)
    /// is given as empty, as if the answer had none.
    public static func variables(for g: TrackedGeneration) -> [String: String] {
        let answer = g.generation
        func web(_ url: String?) -> String { url.flatMap { try? WebURL($0) }?.text ?? "" }
        return [
            "LUMATOP_ID": g.id,
            "LUMATOP_STATE": answer?.stateWord ?? g.conditionWord,
            "LUMATOP_VIDEO_URL": web(answer?.videoMedia?.url ?? answer?.downloadURL),
            "LUMATOP_DOWNLOAD_URL": web(answer?.downloadURL),
        ].mapValues(UntrustedText.line)
    }

    /// Starts the command for `g`; `completion` gets a failure to report, if any.
    public func run(for g: TrackedGeneration, completion: @escaping @Sendable (String?) -> Void = { _ in }) {
        let env = environment.merging(Self.variables(for: g)) { _, new in new }
        let short = g.id.prefix(8)
        running.enter()
        Spawn.run(["/bin/sh", "-c", command], environment: env, output: output) { [running] result in
            switch result {
            case .success(0): completion(nil)
            case .success(let status): completion("--on-complete for \(short) exited with status \(status)")
            case .failure(let error): completion("--on-complete for \(short): \(error)")
            }
            running.leave()
        }
    }

    /// Waits for every command started so far to finish.
    public func waitForAll() { running.wait() }
}
