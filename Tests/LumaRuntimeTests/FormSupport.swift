import Foundation
import Testing
@testable import LumaKit
@testable import LumaRuntime
@testable import LumaUI

/// A creator that records every order it is asked to send and answers as the test says: at
/// once, or only when `answer(_:)` is called (an order in flight).
final class FakeCreator: GenerationsCreator {
    private struct Held {
        var orders: [GenerationOrder] = []
        /// For each order, whether it was sent on the thread running the dashboard's turn.
        var onTurn: [Bool] = []
        var turnThread: pthread_t?
        var waiting: [@Sendable (Result<Created, CreateFailure>) -> Void] = []
        var reply: Result<Created, CreateFailure>?
    }

    private let held = Locked(Held())
    static let base = "http://127.0.0.1:1"

    /// nil: hold every order until `answer(_:)`.
    init(reply: Result<Created, CreateFailure>? = .success(Created(id: FakeCreator.newID, generation: nil))) {
        held.withLock { $0.reply = reply }
    }

    static let newID = "5e1ec7ed-0000-4809-a133-10786201bb56"

    var orders: [GenerationOrder] { held.withLock { $0.orders } }
    /// For each order, whether the thread running a turn of the dashboard sent it (it must not).
    var sentDuringTurn: [Bool] { held.withLock { $0.onTurn } }

    /// Runs `body` (a turn of the dashboard) noting its thread, so that `create` can tell.
    func duringTurn(_ body: () -> Void) {
        held.withLock { $0.turnThread = pthread_self() }
        body()
        held.withLock { $0.turnThread = nil }
    }

    func request(for order: GenerationOrder) -> CreateRequest {
        var body: [String: Any] = ["aspect_ratio": order.aspectRatio]
        let url: String
        switch order.kind {
        case .create:
            body["prompt"] = order.prompt
            url = "\(Self.base)/luma/generations"
        case .extend(let parent):
            body["user_prompt"] = order.prompt
            url = "\(Self.base)/luma/generations/\(parent)/extend"
        }
        if let model = order.model { body["model_name"] = model }
        if order.loop { body["loop"] = true }
        if let image = order.image { body["image_url"] = image }
        if let end = order.endImage { body["image_end_url"] = end }
        let data = try! JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
        return CreateRequest(method: "POST", url: url, body: String(decoding: data, as: UTF8.self))
    }

    func create(_ order: GenerationOrder, completion: @escaping @Sendable (Result<Created, CreateFailure>) -> Void) {
        let reply = held.withLock { h -> Result<Created, CreateFailure>? in
            h.orders.append(order)
            h.onTurn.append(h.turnThread.map { pthread_equal($0, pthread_self()) != 0 } ?? false)
            if h.reply == nil { h.waiting.append(completion) }
            return h.reply
        }
        if let reply { completion(reply) }
    }

    /// Answers the orders held so far.
    func answer(_ result: Result<Created, CreateFailure>) {
        let waiting = held.withLock { h in defer { h.waiting = [] }; return h.waiting }
        waiting.forEach { $0(result) }
    }
}

extension Dashboard {
    /// Waits for the creator's answer to reach the inbox, then lets the runtime take it.
    func awaitOutcome(_ what: String, _ condition: () -> Bool) async {
        await eventually(what) {
            turn()
            return condition()
        }
    }

    var form: GenerationForm? { state.form }
}
