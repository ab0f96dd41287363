import Foundation
import Testing
import LumaDemo
@testable import LumaKit
@testable import LumaRuntime
@testable import LumaUI

/// `X` on the official API, in-process against LumaDemo over loopback: a y/n that names the
/// generation, `n` keeps it, `y` deletes it on the provider and it leaves the list; a second
/// delete of the same id is refused by the provider and said.
@Suite struct DeleteTests {
    @Test func xAsksThenDeletesOnTheProvider() async throws {
        let demo = LumaDemoService()
        let server = DemoServer(handler: { demo.handle($0) })
        try server.start()
        defer { server.stop() }
        let client = LumaClient(endpoint: try ServiceEndpoint(server.baseURL + LumaDemoService.basePath),
                                apiKey: LumaDemoService.apiKey)
        let id = try #require(demo.ids.first)
        let d = Dashboard(deleter: client)
        d.press(.char("a"))
        d.type(id)
        d.press(.enter)
        #expect(d.state.selectedID == id)

        d.press(.char("X"))
        #expect(d.state.confirmingDelete == id)
        #expect(d.screen.contains("delete \(id.prefix(8)) on the provider? it cannot be undone (y/n)"))
        d.press(.char("n"))
        #expect(d.screen.contains("\(id.prefix(8)) not deleted"))
        #expect(demo.generation(id) != nil, "n keeps it")

        d.press(.char("X"), .char("y"))
        await eventually("the delete's answer") {
            d.turn()
            return d.engine.store.snapshot()[id] == nil
        }
        #expect(demo.generation(id) == nil, "gone on the provider")
        #expect(!demo.ids.contains(id))
        #expect(d.screen.contains("deleted \(id.prefix(8)) on the provider"))

        // Deleting what is gone: the provider's 404 is said, nothing else changes.
        let before = d.ids
        d.press(.char("a"))
        d.type(id)
        d.press(.enter)
        d.press(.char("X"), .char("y"))
        await eventually("the refusal") {
            d.turn()
            return d.screen.contains("could not delete \(id.prefix(8))")
        }
        #expect(d.ids.count == before.count + 1)
    }
}
