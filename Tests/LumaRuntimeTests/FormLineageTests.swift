import Foundation
import Testing
@testable import LumaKit
@testable import LumaRuntime
@testable import LumaUI

/// An extend made from the form links the two generations in the detail pane, both ways.
@Suite struct FormLineageTests {
    @Test
    func anExtensionAndItsParentNameEachOther() async {
        let d = Dashboard(creator: FakeCreator())
        let parent = Dashboard.completed, new = FakeCreator.newID
        d.press(.char("e"))
        d.type("and the kite flies on")
        d.press(.ctrl("s"), .char("y"))
        await d.awaitOutcome("the extension selected") { d.state.selectedID == new }
        #expect(d.screen.contains("extends     \(parent)"))
        d.press(.char("/"))
        d.type("c0mplete")
        d.press(.enter)
        #expect(d.screen.contains("extended by \(new)"))
    }
}
