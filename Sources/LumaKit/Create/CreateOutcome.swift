import Foundation

/// What the answer to a create or extend means, for every provider: 200 or 201 with an id is made;
/// a 429 made nothing; another 4xx is refused in the service's own words; anything else, nobody
/// knows.
enum CreateOutcome {
    /// `decode`: the answer as the provider's generation, or nil when it is not one.
    static func interpret(status: Int, retryAfter: String?, body: Data, order: GenerationOrder,
                          decode: (Data) -> Generation?) -> Result<Created, CreateFailure> {
        switch status {
        case 200, 201:
            if var generation = decode(body) {
                // An answer to a create may have no prompt where a fetched one has it: what was
                // asked is what the list should show until the first fetch.
                if generation.prompt == nil { generation.prompt = order.prompt }
                if generation.aspectRatio == nil, order.kind == .create { generation.aspectRatio = order.aspectRatio }
                return .success(Created(id: generation.id, generation: generation))
            }
            let value = JSONValue.parse(body)
            guard let id = value?["id"]?.stringValue ?? value?["data"]?["id"]?.stringValue ?? value?["task_id"]?.stringValue else {
                return .failure(.unknownOutcome(detail: "the answer has no id"))
            }
            guard (try? TaskID.validate(id)) != nil else {
                return .failure(.unknownOutcome(detail: "the answer's id \(TaskID.quoted(id)) is not a task id"))
            }
            return .success(Created(id: id, generation: nil))
        case 429:
            return .failure(.rateLimited(retryAfter: retryAfter.flatMap { RetryAfter.parse($0) }))
        case 400..<500:
            return .failure(.refused(status: status, message: ServiceMessage.from(body)))
        default:
            return .failure(.unknownOutcome(detail: "HTTP \(status)"))
        }
    }
}

extension OrderField {
    /// Each `--field` replaces a key of the same name where it stands, or comes last.
    static func apply(_ fields: [OrderField], to pairs: inout [(String, JSONValue)]) {
        for field in fields {
            if let i = pairs.firstIndex(where: { $0.0 == field.key }) { pairs[i].1 = field.value } else {
                pairs.append((field.key, field.value))
            }
        }
    }
}
