import Testing
@testable import LumaKit
@testable import LumaUI

/// The form's text editor: wrapping by columns (CJK and emoji take two), the cursor's place.
@Suite struct FormEditorTests {
    @Test func linesNeverExceedTheWidthAndKeepEveryCharacter() {
        for text in ["猫が月で踊る、ゆっくりとしたドリーショット", "a 🐈 b 🐟 c 🏮 d 一段海边日落 long-unbroken-word-without-spaces-here",
                     "one\n\ntwo three four five six seven", ""] {
            let chars = Array(text)
            for width in [2, 3, 7, 12] {
                let lines = EditableText.lines(chars, width: width)
                #expect(lines.allSatisfy { TextWidth.of(String(chars[$0])) <= width }, "\(text) at \(width)")
                let kept = lines.map { String(chars[$0]) }.joined()
                #expect(kept == text.replacingOccurrences(of: "\n", with: ""), "nothing lost but the newlines")
            }
        }
    }

    @Test func wrapsAtSpacesWhereItCan() {
        let chars = Array("a quiet harbour at dawn")
        #expect(EditableText.lines(chars, width: 10).map { String(chars[$0]) } == ["a quiet ", "harbour ", "at dawn"])
    }

    @Test func theCursorStandsAfterWideCharactersAndOnTheNextLineAfterABreak() {
        var t = EditableText("猫🐈x", multiline: true)
        #expect(t.cursorPlace(width: 10) == (line: 0, column: 5))
        _ = t.edit(.left)
        #expect(t.cursorPlace(width: 10) == (line: 0, column: 4))
        t = EditableText("ab\n", multiline: true)
        #expect(t.cursorPlace(width: 10) == (line: 1, column: 0))
        t = EditableText("abcd", multiline: true)
        #expect(t.cursorPlace(width: 2) == (line: 1, column: 2), "after a full last line (the view keeps a column for it)")
    }

    @Test func aOneLineFieldTurnsPastedNewlinesIntoSpaces() {
        let t = EditableText("https://a.example/\nx.png", multiline: false)
        #expect(t.text == "https://a.example/ x.png")
    }
}
