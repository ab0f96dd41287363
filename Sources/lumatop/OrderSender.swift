import ArgumentParser
import Foundation
import LumaKit

/// Sends orders once each, prints and tracks what was made, and (with --wait) watches it.
struct OrderSender {
    let service: Service
    let creator: any GenerationsCreator
    let options: OrderOptions

    init(service: Service, options: OrderOptions) throws {
        guard let creator = service.client as? any GenerationsCreator else {
            throw ConfigurationError("this service cannot create generations")
        }
        self.service = service; self.creator = creator; self.options = options
    }

    /// The request `--dry-run` shows without a key: in the chosen provider's shape.
    static func request(for order: GenerationOrder, options: ServiceOptions) throws -> CreateRequest {
        let endpoint = try options.endpoint()
        return switch try options.chosenProvider() {
        case .quickrouter: QuickRouterClient.createRequest(for: order, endpoint: endpoint)
        case .luma: LumaClient.createRequest(for: order, endpoint: endpoint)
        }
    }

    /// What `--dry-run` prints: the method and URL, then the body. Never the key.
    static func show(_ request: CreateRequest) {
        emitLine("\(request.method) \(request.url)")
        emitLine(request.body)
    }

    /// One send. The id is printed and tracked at once (with its parent for an extend); a failure
    /// is said with what is known. Never sent again here: the caller decides about a 429 only.
    func send(_ order: GenerationOrder) -> Result<String, CreateFailure> {
        let sentAt = Date()
        switch creator.createAndWait(order) {
        case .success(let created):
            keep(created, parent: order.parentID)
            emitLine(options.json ? StatusReport(id: created.id, generation: created.generation, error: nil).json : created.id)
            return .success(created.id)
        case .failure(let failure):
            if case .rateLimited = failure { return .failure(failure) }
            warn(Self.words(for: failure, of: order, sentAt: sentAt))
            return .failure(failure)
        }
    }

    /// The line a failure is reported with; an unknown outcome says when it was sent and what.
    static func words(for failure: CreateFailure, of order: GenerationOrder, sentAt: Date) -> String {
        switch failure {
        case .unknownOutcome:
            "\(order.verb) sent at \(LocalTime.text(sentAt, in: nil)) (\"\(order.firstWords)\"): \(failure)"
        default:
            "\(order.verb) \"\(order.firstWords)\": \(failure)"
        }
    }

    private func keep(_ created: Created, parent: String?) {
        let list = service.list
        do {
            try list.track([created.id], extends: parent)
            if let answer = created.generation {
                try list.record([TrackedList.Answered(id: created.id, answer: answer, at: Date())])
            }
        } catch { warn("\(created.id) was created but could not be tracked: \(error)") }
        list.takeNotices().forEach(warn)
    }

    /// `--wait`: the ids watched as `watch --exit-status` watches them; its exit code.
    func waitFor(_ ids: [String]) -> Int32 {
        WatchRunner(service: service, ids: ids, json: options.json, exitStatus: true,
                    timeout: options.timeout.map(Bounded.wait), onComplete: nil, summary: false).run()
    }
}

extension GenerationOrder {
    var parentID: String? {
        if case .extend(let parent) = kind { return parent }
        return nil
    }
}
