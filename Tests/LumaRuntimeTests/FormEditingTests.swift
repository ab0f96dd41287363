import Foundation
import Testing
@testable import LumaKit
@testable import LumaRuntime
@testable import LumaUI

/// The new-generation form driven key by key against the test terminal: writing, editing,
/// moving between fields, closing.
@Suite struct FormEditingTests {
    @Test func typingCJKEmojiAndAPasteThenEditingKeys() throws {
        let d = Dashboard(creator: FakeCreator())
        d.press(.char("n"))
        #expect(d.screen.contains("new generation"))
        #expect(d.screen.contains("Tab ↓↑ field"), "the bottom bar has the form's keys")
        d.type("a cat 猫")
        d.press(.paste("\u{1B}[31m runs 🐈\non the moon"))
        #expect(d.form?.prompt.text == "a cat 猫 runs 🐈\non the moon", "pasted as text, escapes removed, newline kept")
        #expect(d.screen.contains("a cat 猫 runs 🐈"), "wide characters take their two columns")
        #expect(d.screen.contains("on the moon"), "the pasted line shows on its own line")
        d.press(.ctrl("w"))
        #expect(d.form?.prompt.text == "a cat 猫 runs 🐈\non the ")
        d.type("sun")
        d.press(.home)
        #expect(d.form?.prompt.cursor == 15, "Home goes to the start of the line, after the newline")
        d.press(.end, .ctrl("u"))
        #expect(d.form?.prompt.text == "a cat 猫 runs 🐈\n", "Ctrl-U deletes back to the line's start")
        d.press(.backspace, .left, .left, .left, .left, .left, .left, .left)
        #expect(d.form?.prompt.cursor == 7)
        d.press(.delete)
        #expect(d.form?.prompt.text == "a cat 猫runs 🐈")
        d.press(.right, .char("!"))
        #expect(d.form?.prompt.text == "a cat 猫r!uns 🐈")
        #expect(d.screen.contains("a cat 猫r!uns 🐈"))
        // The cursor shows where the next character goes: on the u after the "!".
        let row = try #require(d.terminal.screen.lines.firstIndex { $0.contains("a cat 猫r!uns") })
        let column = TextWidth.of(String(d.terminal.screen.lines[row].prefix { $0 != "u" }))
        #expect(d.terminal.screen[column, row].style.reverse)
    }

    @Test func aLongPromptWrapsInsideTheForm() {
        let d = Dashboard(creator: FakeCreator())
        d.press(.char("n"))
        d.press(.paste(String(repeating: "夜空の猫 ", count: 30)))
        let rows = d.terminal.screen.lines.filter { $0.contains("夜空の猫") }
        #expect(rows.count >= 3, "wrapped over several lines")
        #expect(rows.allSatisfy { TextWidth.of($0) <= 100 })
        #expect(d.form?.prompt.text.count == 150)
    }

    @Test func fieldsMoveWithTabAndArrowsAndChoicesCycle() {
        let d = Dashboard(creator: FakeCreator())
        d.press(.char("n"), .tab)
        #expect(d.form?.field == .aspectRatio)
        #expect(d.screen.contains("‹ 16:9 ›"))
        d.press(.right)
        #expect(d.form?.aspectRatio == "9:16")
        d.press(.left, .left)
        #expect(d.form?.aspectRatio == "9:21", "the list wraps backwards")
        d.press(.down, .right, .right)
        #expect(d.form?.model == "ray-v2")
        #expect(d.screen.contains("‹ ray-v2 ›"))
        d.press(.right)
        #expect(d.form?.model == "", "back to the service's default")
        d.press(.down, .char(" "))
        #expect(d.form?.loop == true)
        #expect(d.screen.contains("[x] loop"))
        d.press(.enter)
        #expect(d.form?.loop == false, "Enter switches the loop too")
        d.press(.down)
        d.type("https://example.com/start.png")
        d.press(.backTab)
        #expect(d.form?.field == .loop)
        d.press(.down, .down)
        #expect(d.form?.field == .endImage)
        d.press(.tab)
        #expect(d.form?.field == .create)
        #expect(d.screen.contains("[ Create ]"))
        d.press(.tab)
        #expect(d.form?.field == .prompt, "Tab wraps around")
        d.press(.up)
        #expect(d.form?.field == .create)
        #expect(d.form?.image.text == "https://example.com/start.png")
        #expect(d.screen.contains("https://example.com/start.png"))
    }

    @Test func escClosesAnEmptyFormAtOnceAndAsksWhenAPromptIsWritten() {
        let d = Dashboard(creator: FakeCreator())
        d.press(.char("n"), .escape)
        #expect(d.form == nil)
        d.press(.char("n"))
        d.type("keep me")
        d.press(.escape)
        #expect(d.form?.stage == .confirmingClose)
        #expect(d.screen.contains("lose what is written? (y/n)"))
        d.press(.char("n"))
        #expect(d.form?.stage == .editing)
        #expect(d.form?.prompt.text == "keep me", "nothing lost")
        d.press(.escape, .char("y"))
        #expect(d.form == nil)
        #expect(!d.screen.contains("new generation"))
    }

    @Test func whileTheFormIsOpenItsKeysAreItsOwnButCtrlCQuits() {
        let d = Dashboard(creator: FakeCreator())
        d.press(.char("n"))
        d.type("qx?dts/")
        #expect(d.running, "q typed, not quit")
        #expect(d.form?.prompt.text == "qx?dts/")
        #expect(!d.state.showHelp)
        #expect(d.ids.count == 3, "x untracked nothing")
        #expect(d.runtime.services.downloads.snapshot().isEmpty, "d started no download")
        #expect(d.state.sort == .newestFirst)
        d.press(.ctrl("c"))
        #expect(!d.running)
    }

    @Test func invalidOrdersAreRefusedInTheFormAndNothingIsSent() {
        let creator = FakeCreator()
        let d = Dashboard(creator: creator)
        d.press(.char("n"), .ctrl("s"))
        #expect(d.screen.contains("not sent: the prompt is empty"))
        #expect(d.form?.stage == .editing)
        d.type("a lighthouse")
        d.press(.tab, .tab, .tab, .tab)
        d.type("ftp://example.com/a.png")
        d.press(.ctrl("s"))
        #expect(d.screen.contains("the start image must be an http(s) URL"))
        d.press(.paste(String(repeating: "x", count: 5_001)))
        d.press(.ctrl("u"))
        #expect(d.form?.image.text == "")
        d.press(.up, .up, .up, .up)
        d.press(.paste(String(repeating: "y", count: 5_000)))
        d.press(.ctrl("s"))
        #expect(d.screen.contains("not sent: the prompt has 5012 characters, more than 5000"))
        #expect(creator.orders.isEmpty)
        #expect(d.form?.stage == .editing, "never asked to send")
    }

    @Test func withoutACreatorTheFormSaysCreatingIsNotAvailable() {
        let d = Dashboard(creator: nil)
        d.press(.char("n"))
        d.type("a quiet harbour")
        d.press(.ctrl("s"))
        #expect(d.screen.contains("creating is not available with this service"))
        #expect(d.form?.stage == .editing)
    }
}
