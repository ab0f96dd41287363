import ArgumentParser
import Foundation
import LumaKit

struct Create: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start a new generation (POST /luma/generations; on the Luma API POST /generations/video); print its id and track it.",
        discussion: """
            Sent once: a timeout, a network error, a 5xx or a malformed answer is never
            retried, because the generation may have been made (and paid for) anyway.
            A 429 made nothing: with --from-file it waits for Retry-After and goes on.

            Exit codes: 0 created (with --wait: completed), 1 refused, unknown outcome
            or (with --wait) failed, 2 usage or an invalid order (nothing sent), 124
            --wait timed out.

            Examples:
              lumatop create "a fox running through fresh snow" --aspect-ratio 9:16
              echo "cat dance" | lumatop create - --wait --json
              lumatop create --from-file prompts.txt --model ray-v2
              lumatop create "cat dance" --field seed=7 --dry-run
            """)

    @OptionGroup var service: ServiceOptions
    @OptionGroup var polling: PollingOptions
    @OptionGroup var order: OrderOptions
    @Option(help: ArgumentHelp("One of \(GenerationOrder.aspectRatios.joined(separator: ", ")).", valueName: "ratio"))
    var aspectRatio = "16:9"
    @Option(help: ArgumentHelp("One prompt per non-empty line, sent one after another.", valueName: "file"))
    var fromFile: String?
    @Argument(help: ArgumentHelp("The prompt; - reads it from standard input.", valueName: "prompt"))
    var prompt: String?

    func validate() throws {
        if (prompt == nil) == (fromFile == nil) { throw ValidationError("give a PROMPT or --from-file FILE (one of them)") }
    }

    func run() throws {
        let orders = try prompts().enumerated().map { index, text in
            do { return try order.order(.create, prompt: text, aspectRatio: aspectRatio) } catch let error as ConfigurationError {
                throw fromFile == nil ? error : ConfigurationError("\(fromFile!) line \(index + 1): \(error.message)")
            }
        }
        if order.dryRun, !service.demo {
            for one in orders { OrderSender.show(try OrderSender.request(for: one, options: service)) }
            return
        }
        let resolved = try service.resolve(polling)
        defer { resolved.close() }
        let sender = try OrderSender(service: resolved, options: order)
        if order.dryRun {
            orders.forEach { OrderSender.show(sender.creator.request(for: $0)) }
            return
        }
        var made: [String] = []
        // The official API allows so many creates a minute: a file of prompts keeps under it.
        var pace = resolved.provider == .luma && fromFile != nil ? CreatePace() : nil
        for (index, one) in orders.enumerated() {
            if let wait = pace?.wait(at: Date()), wait > 0 {
                warn("pacing: \(CreatePace.officialCreatesPerMinute) creates a minute at most; sending \"\(one.firstWords)\" in \(TextReport.age(wait))")
                Thread.sleep(forTimeInterval: wait)
            }
            pace?.record(at: Date())
            guard let id = sendWaitingOutRateLimits(one, sender: sender) else {
                let left = orders.count - index - 1
                if left > 0 { warn("stopped: \(left) more prompt\(left == 1 ? " was" : "s were") not sent") }
                throw ExitCode(1)
            }
            made.append(id)
        }
        if order.wait {
            let code = sender.waitFor(made)
            if code != 0 { throw ExitCode(code) }
        }
    }

    /// The prompts to send: the argument (or standard input), or each non-empty line of the file.
    private func prompts() throws -> [String] {
        if let prompt { return [try readPrompt(prompt)] }
        guard let path = fromFile, let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigurationError("cannot read \(fromFile ?? "") as UTF-8 text")
        }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { throw ConfigurationError("\(path) has no prompts") }
        return lines
    }

    /// Sends one order; a 429 (nothing was made) waits for its Retry-After and sends the same one
    /// again. The id, or nil when it was refused or its outcome is unknown.
    private func sendWaitingOutRateLimits(_ one: GenerationOrder, sender: OrderSender) -> String? {
        while true {
            switch sender.send(one) {
            case .success(let id): return id
            case .failure(.rateLimited(let after)):
                guard fromFile != nil else {
                    warn(OrderSender.words(for: .rateLimited(retryAfter: after), of: one, sentAt: Date()))
                    return nil
                }
                let wait = min(after ?? Self.rateLimitPause, PollPolicy.longestRateLimitHold)
                warn("rate limited (HTTP 429): nothing was created; sending \"\(one.firstWords)\" again in \(TextReport.age(wait))")
                Thread.sleep(forTimeInterval: wait)
            case .failure: return nil
            }
        }
    }

    /// How long a 429 without a usable Retry-After waits.
    static let rateLimitPause: TimeInterval = 5
}
