import Foundation
import Testing
@testable import LumaKit
@testable import LumaRuntime
@testable import LumaUI

/// Every move of a watched generation is kept in the `L` log; the bar keeps its place for news.
@Suite struct StateLogTests {
    @Test func movesWhileWatchedAreLoggedAndNotFlashed() async throws {
        let d = Dashboard()
        let id = "n3wcomer-0000-4809-a133-10786201bb56"
        let listening = d.runtime.listen()
        defer { listening.forEach { $0.cancel() } }
        // Each answer is let reach the runtime before the next, as polls seconds apart do: the
        // log reads the state from the store when the news comes. The first may come at once.
        func answer(_ state: GenerationState, thenLogged count: Int) async {
            d.engine.store.apply(id, .success(Generation(id: id, state: state)), at: Date(), nextPollAt: nil)
            await eventually("\(count) lines") { d.turn(); return d.runtime.state.log.filter { $0.text.hasPrefix("n3wcomer") }.count == count }
        }
        d.engine.store.track([id])
        await answer(.pending, thenLogged: 1)
        await answer(.pending, thenLogged: 1)
        await answer(.processing, thenLogged: 2)
        #expect(d.runtime.state.log.map(\.text).filter { $0.hasPrefix("n3wcomer") }
                == ["n3wcomer waiting → pending", "n3wcomer pending → processing"])
        #expect(d.runtime.state.message == nil, "the bottom bar is not flashed for a move")
        d.engine.store.apply(id, .success(Generation(id: id, state: .completed)), at: Date(), nextPollAt: nil)
        await eventually("the finish") { d.turn(); return d.runtime.state.log.contains { $0.text.hasPrefix("n3wcomer completed") } }
        #expect(d.runtime.state.log.filter { $0.text.hasPrefix("n3wcomer") }.count == 3, "finishing is logged once")
        d.runtime.inbox.post(.key(.char("L")))
        d.turn()
        #expect(d.screen.contains("n3wcomer pending → processing"))
    }

    @Test func aFailedRequestIsNoMoveButNotFoundIs() {
        let store = GenerationStore()
        store.track(["abc12345"])
        let moves = StateMoves(store.snapshot())
        store.apply("abc12345", .success(Generation(id: "abc12345", state: .processing)), at: Date(), nextPollAt: nil)
        #expect(moves.line(for: .updated(id: "abc12345", stateChanged: true, kept: true), in: store)
                == "abc12345 waiting → processing")
        let changed = StoreEvent.updated(id: "abc12345", stateChanged: true, kept: false)
        store.apply("abc12345", .failure(.server(status: 503)), at: Date(), nextPollAt: nil)
        #expect(moves.line(for: changed, in: store) == nil, "retrying")
        store.apply("abc12345", .success(Generation(id: "abc12345", state: .processing)), at: Date(), nextPollAt: nil)
        #expect(moves.line(for: changed, in: store) == nil, "back where it was: no move")
        store.apply("abc12345", .failure(.notFound), at: Date(), nextPollAt: nil)
        #expect(moves.line(for: changed, in: store) == "abc12345 processing → not found")
        #expect(moves.line(for: changed, in: store) == nil, "the same word again is no move")
        #expect(moves.line(for: .updated(id: "abc12345", stateChanged: false, kept: false), in: store) == nil)
    }
}
