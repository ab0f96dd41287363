import Foundation
import Testing
@testable import LumaKit
@testable import LumaRuntime
@testable import LumaUI

/// The form's orders: shown before they go, sent once off the main thread through the creator,
/// and what they came to.
@Suite struct FormSendingTests {
    static let new = FakeCreator.newID
    static let failures: [CreateFailure] = [
        .refused(status: 422, message: "insufficient quota"), .rateLimited(retryAfter: 30), .rateLimited(retryAfter: nil),
        .unknownOutcome(detail: "no answer within 60s"),
    ]

    @Test func enterOnCreateShowsTheExactRequestAndYSendsItOffTheMainThread() async throws {
        let creator = FakeCreator()
        let d = Dashboard(creator: creator)
        d.press(.char("n"))
        d.type("a red kite over \"hills\"")
        d.press(.backTab)
        #expect(d.form?.field == .create)
        d.press(.enter)
        let order = GenerationOrder(prompt: "a red kite over \"hills\"")
        #expect(d.screen.contains("send this request? (y/n)"))
        #expect(d.screen.contains("POST http://127.0.0.1:1/luma/generations"))
        #expect(d.screen.contains(#"{"aspect_ratio":"16:9","prompt":"a red kite over \"hills\""}"#))
        #expect(d.screen.contains("y send it"))
        #expect(creator.orders.isEmpty, "nothing goes before the yes")
        creator.duringTurn { d.press(.char("y")) }
        await d.awaitOutcome("the new generation selected") { d.state.selectedID == Self.new }
        #expect(creator.orders == [order])
        #expect(creator.sentDuringTurn == [false], "sent off the thread that runs the dashboard")
        #expect(d.form == nil)
        #expect(d.engine.store.snapshot()[Self.new] != nil, "tracked")
        #expect(d.screen.contains("created 5e1ec7ed"))
        #expect(d.screen.contains("id          \(Self.new)"), "the detail shows the new one")
    }

    @Test func nAtTheQuestionGoesBackToTheFormWithNothingSent() {
        let creator = FakeCreator()
        let d = Dashboard(creator: creator)
        d.press(.char("n"))
        d.type("a glass city")
        d.press(.ctrl("s"))
        #expect(d.screen.contains("send this request? (y/n)"))
        d.press(.char("n"))
        #expect(d.form?.stage == .editing)
        #expect(d.form?.prompt.text == "a glass city")
        #expect(!d.screen.contains("send this request?"))
        d.press(.ctrl("s"), .escape)
        #expect(d.form?.stage == .editing, "Esc at the question goes back too")
        #expect(creator.orders.isEmpty)
    }

    @Test(arguments: failures)
    func aFailureShowsTheCommandLinesWordsAndKeepsTheForm(failure: CreateFailure) async {
        let creator = FakeCreator(reply: .failure(failure))
        let d = Dashboard(width: 160, creator: creator)
        d.press(.char("n"))
        d.type("a storm at sea")
        d.press(.tab, .right, .ctrl("s"), .char("y"))
        await d.awaitOutcome("the failure") { d.form?.stage == .editing }
        #expect(d.state.message?.text == failure.description)
        #expect(d.terminal.screen.lines.last?.contains(failure.description) == true, "in the bottom bar")
        #expect(d.form?.problem == failure.description)
        #expect(d.form?.prompt.text == "a storm at sea")
        #expect(d.form?.aspectRatio == "9:16", "every value kept for another try")
        for _ in 0..<3 { d.turn() }
        #expect(creator.orders.count == 1, "never sent again by itself")
        #expect(d.engine.store.snapshot().generations.count == 3, "nothing tracked")
        d.press(.ctrl("s"))
        #expect(d.screen.contains("send this request? (y/n)"), "another try asks again")
    }

    @Test func eOnACompletedOneMakesAnExtendOrderWithItsParent() async {
        let creator = FakeCreator()
        let d = Dashboard(creator: creator)
        let parent = Dashboard.completed
        d.press(.char("e"))
        #expect(d.form?.kind == .extend(parentID: parent))
        #expect(d.screen.contains("extend \(parent)"), "the heading names the parent")
        #expect(d.form?.prompt.text == "")
        d.type("the kite lands")
        d.press(.ctrl("s"))
        #expect(d.screen.contains("POST http://127.0.0.1:1/luma/generations/\(parent)/extend"))
        #expect(d.screen.contains(#""user_prompt":"the kite lands""#))
        d.press(.char("y"))
        await d.awaitOutcome("the extension selected") { d.state.selectedID == Self.new }
        #expect(creator.orders == [GenerationOrder(kind: .extend(parentID: parent), prompt: "the kite lands")])
        #expect(d.screen.contains("created 5e1ec7ed, extending c0mplete"))
        #expect(d.engine.store.snapshot()[Self.new] != nil)
    }

    @Test func eOnAnUnfinishedOneSaysWhyNot() {
        let d = Dashboard(creator: FakeCreator())
        d.press(.down, .char("e"))
        #expect(d.form == nil)
        #expect(d.screen.contains("pr0cessi is processing: only a completed generation can be extended"))
        d.press(.down, .char("e"))
        #expect(d.form == nil)
        #expect(d.screen.contains("fa1led-0 is failed: only a completed generation can be extended"))
    }

    @Test func againFillsThePromptAndAspectRatioOfTheSelected() {
        let d = Dashboard(creator: FakeCreator())
        var heron = TrackedGeneration(id: "he7on-0000-4809-a133-10786201bb56", firstSeen: Date())
        heron.generation = Generation(id: heron.id, state: .completed, prompt: "a heron at dawn", aspectRatio: "9:16",
                                      createdAt: Date())
        d.engine.store.insert([heron])
        d.press(.char("g"), .char("N"))
        #expect(d.form?.kind == .create)
        #expect(d.form?.prompt.text == "a heron at dawn")
        #expect(d.form?.aspectRatio == "9:16")
        #expect(d.screen.contains("a heron at dawn"))
    }

    @Test func theFormRemembersTheValuesLastSent() async {
        let d = Dashboard(creator: FakeCreator())
        d.press(.char("n"))
        d.type("first light")
        d.press(.tab, .right, .tab, .right, .ctrl("s"), .char("y"))
        await d.awaitOutcome("created") { d.state.selectedID == Self.new }
        d.press(.char("n"))
        #expect(d.form?.prompt.text == "first light")
        #expect(d.form?.aspectRatio == "9:16")
        #expect(d.form?.model == "ray-v1")
        #expect(d.screen.contains("first light"))
    }

    @Test func anOrderInFlightIsNeverSentTwice() async {
        let creator = FakeCreator(reply: nil)
        let d = Dashboard(creator: creator)
        d.press(.char("n"))
        d.type("one only")
        d.press(.ctrl("s"), .char("y"))
        await eventually("sent") { creator.orders.count == 1 }
        #expect(d.screen.contains("sending…"))
        d.press(.ctrl("s"), .enter, .char("y"), .escape, .char("y"))
        let order = GenerationOrder(prompt: "one only")
        #expect(d.form?.stage == .sending(order))
        var state = d.state
        let ctx = KeyContext(snapshot: d.engine.store.snapshot(), now: Date(), listHeight: 10)
        for key: Key in [.ctrl("s"), .enter, .char("y")] {
            #expect(state.reduce(key, ctx).isEmpty, "no key sends while one is in flight")
        }
        creator.answer(.success(Created(id: Self.new, generation: nil)))
        await d.awaitOutcome("created") { d.state.selectedID == Self.new }
        #expect(creator.orders == [order])
    }
}
