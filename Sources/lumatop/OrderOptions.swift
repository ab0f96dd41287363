import ArgumentParser
import Foundation
import LumaKit

/// The options `create` and `extend` share: the optional body fields, and what to do once sent.
struct OrderOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Model, sent as model_name (e.g. ray-v2).", valueName: "name")) var model: String?
    @Option(help: ArgumentHelp("Resolution (e.g. 540p, 720p, 1080p).", valueName: "r")) var resolution: String?
    @Option(help: ArgumentHelp("Duration (e.g. 5).", valueName: "d")) var duration: String?
    @Flag(help: "Ask for a looping video (loop: true).") var loop = false
    @Flag(help: "Let the service expand the prompt (expand_prompt: true).") var expandPrompt = false
    @Option(help: ArgumentHelp("Start image URL (image_url).", valueName: "url")) var image: String?
    @Option(help: ArgumentHelp("End image URL (image_end_url).", valueName: "url")) var endImage: String?
    @Option(name: .customLong("field"),
            help: ArgumentHelp("Add or override a body field; VALUE as JSON when it parses, else a string. Repeatable.",
                               valueName: "key=value"))
    var fields: [String] = []
    @Flag(help: "Print the same JSON object as `status --json` instead of the id.") var json = false
    @Flag(help: "Then watch it as `watch --exit-status` does (exit 1 failed, 124 timed out).") var wait = false
    @Option(help: "With --wait: give up after this many seconds.") var timeout: Double?
    @Flag(help: "Print the method, URL and body that would be sent (never the key); send nothing.") var dryRun = false

    func validate() throws {
        if let timeout, !(timeout > 0) || !timeout.isFinite {
            throw ValidationError("--timeout must be a positive number of seconds")
        }
    }

    /// The order, checked: what fails here is said with exit 2 and nothing is sent.
    func order(_ kind: GenerationOrder.Kind, prompt: String, aspectRatio: String = "16:9") throws -> GenerationOrder {
        do throws(OrderInvalid) {
            let order = GenerationOrder(kind: kind, prompt: prompt, aspectRatio: aspectRatio, model: model,
                                        resolution: resolution, duration: duration, loop: loop, expandPrompt: expandPrompt,
                                        image: image, endImage: endImage, fields: try fields.map(OrderField.init(parsing:)))
            try order.validate()
            return order
        } catch { throw ConfigurationError(error.description) }
    }
}

/// A prompt argument: `-` reads it from standard input (a trailing newline dropped).
func readPrompt(_ argument: String) throws -> String {
    guard argument == "-" else { return argument }
    let data = FileHandle.standardInput.readDataToEndOfFile()
    guard let text = String(data: data, encoding: .utf8) else { throw ConfigurationError("the prompt on standard input is not UTF-8") }
    var prompt = text
    while prompt.hasSuffix("\n") || prompt.hasSuffix("\r") { prompt.removeLast() }
    return prompt
}
