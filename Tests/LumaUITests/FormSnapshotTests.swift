import Foundation
import Testing
@testable import LumaKit
@testable import LumaUI

/// The new-generation form's look: over the detail pane beside the list, over the whole body on
/// a narrow terminal; the request waiting for a yes; the "extends" lines of the detail pane.
@Suite struct FormSnapshotTests {
    func frame(_ state: DashboardState, width: Int, height: Int) -> Buffer {
        DashboardView.render(Frame(state: state, snapshot: Samples.store().snapshot(), width: width, height: height,
                                   now: Samples.now, host: "api.quickrouter.ai", timeZone: Samples.utc))
    }

    static func filled() -> GenerationForm {
        var values = GenerationForm.Values()
        values.prompt = "一只猫在月球上跳舞 🐈 slow dolly shot, golden hour light over the craters, film grain"
        values.aspectRatio = "21:9"
        values.model = "ray-v2"
        values.loop = true
        values.image = "https://cdn.example/start.png"
        var form = GenerationForm(kind: .create, values: values)
        form.field = .aspectRatio
        return form
    }

    @Test func theFormBesideTheListAt120x40() {
        var state = DashboardState()
        state.form = Self.filled()
        let buffer = frame(state, width: 120, height: 40)
        assertSnapshot(buffer, named: "form-120x40")
        #expect(buffer.text.contains("new generation"))
        #expect(buffer.text.contains("‹ 21:9 ›"), "the choice with the cursor shows its arrows")
        #expect(buffer.text.contains("一只猫在月球上跳舞 🐈"))
        #expect(buffer.lines.contains { $0.contains("c0mplete") }, "the list still shows")
        #expect(buffer.lines.last?.contains("^S create") == true)
    }

    @Test func theFormOverTheBodyAt80x24WithAProblem() {
        var state = DashboardState()
        var form = Self.filled()
        form.kind = .extend(parentID: "c0mpleted-0000-4809-a133-10786201bb56")
        form.field = .prompt
        form.problem = "not sent: the end image must be an http(s) URL, not \"file:///etc/passwd\""
        state.form = form
        let buffer = frame(state, width: 80, height: 24)
        assertSnapshot(buffer, named: "form-80x24")
        #expect(buffer.text.contains("extend c0mpleted-0000-4809-a133-10786201bb56"))
        #expect(buffer.text.contains("not sent: the end image must be an http(s) URL"))
        #expect(buffer.text.contains("[ Create ]"))
    }

    @Test func theRequestWaitingForAYesAt80x24() {
        var state = DashboardState()
        var form = Self.filled()
        let order = form.order
        let body = #"{"aspect_ratio":"21:9","loop":true,"model_name":"ray-v2","prompt":"一只猫在月球上跳舞 🐈 slow dolly shot"}"#
        form.stage = .confirming(order, CreateRequest(method: "POST", url: "https://api.quickrouter.ai/luma/generations",
                                                      body: body))
        state.form = form
        let buffer = frame(state, width: 80, height: 24)
        assertSnapshot(buffer, named: "form-confirm-80x24")
        #expect(buffer.text.contains("send this request? (y/n)"))
        #expect(buffer.text.contains("POST https://api.quickrouter.ai/luma/generations"))
        #expect(buffer.text.contains(#""model_name":"ray-v2""#))
        #expect(buffer.lines.last?.contains("y send it") == true)
    }

    @Test func aBodyTallerThanTheBoxSaysHowMuchIsHidden() {
        var state = DashboardState()
        var form = Self.filled()
        let body = String(repeating: "{\"prompt\": \"lighthouses\"}\n", count: 40)
        form.stage = .confirming(form.order, CreateRequest(method: "POST", url: "https://x.example/luma/generations", body: body))
        state.form = form
        let text = frame(state, width: 80, height: 24).text
        #expect(text.contains("more lines of the body"))
    }

    @Test func theDetailPaneNamesTheParentAndTheExtensions() {
        var extras = DetailPane.Extras()
        extras.extends = "pa7ent-0000-4809-a133-10786201bb56"
        extras.extendedBy = ["ch1ld-one", "ch1ld-two"]
        let store = Samples.store()
        let g = store.snapshot()["c0mpleted-0000-4809-a133-10786201bb56"]!
        var buffer = Buffer(width: 70, height: 30)
        DetailPane.draw(g, extras: extras, scroll: 0, in: buffer.bounds, into: &buffer, theme: .default, mode: .none,
                        now: Samples.now)
        #expect(buffer.lines.contains { $0.hasPrefix("extends     pa7ent-0000-4809-a133-10786201bb56") })
        #expect(buffer.lines.contains { $0.hasPrefix("extended by ch1ld-one ch1ld-two") })
        var plain = Buffer(width: 70, height: 30)
        DetailPane.draw(g, scroll: 0, in: plain.bounds, into: &plain, theme: .default, mode: .none, now: Samples.now)
        #expect(!plain.text.contains("extend"), "nothing said when there is no link")
    }
}
