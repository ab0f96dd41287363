import Foundation
import Testing
@testable import LumaUI

@Suite struct ScreenTests {
    @Test func widthsPerGrapheme() {
        #expect(TextWidth.of("cat") == 3)
        #expect(TextWidth.of("一段海边") == 8)
        #expect(TextWidth.of("🐟") == 2)
        #expect(TextWidth.of("👩‍💻") == 2)
        #expect(TextWidth.of("e\u{301}") == 1, "a combining mark adds nothing")
        #expect(TextWidth.of("ｱ") == 1)
        #expect(TextWidth.of("Ａ") == 2, "fullwidth")
        #expect(TextWidth.of("❤️") == 1, "VS16 widens no cell: ncurses and tmux place it in one column")
    }

    @Test func truncateNeverSplitsAWideCharacter() {
        #expect(TextWidth.truncate("一段海边日落", to: 7) == "一段海…")
        #expect(TextWidth.truncate("abc", to: 3) == "abc")
        #expect(TextWidth.truncate("abcd", to: 3) == "ab…")
        #expect(TextWidth.truncate("🐟🐟🐟", to: 4) == "🐟…")
        #expect(TextWidth.truncate("abc", to: 0) == "")
    }

    @Test func wrapIsCJKAware() {
        #expect(TextWidth.wrap("cat dance in the rain", width: 10) == ["cat dance", "in the", "rain"])
        #expect(TextWidth.wrap("一段海边日落的视频", width: 6) == ["一段海", "边日落", "的视频"])
        #expect(TextWidth.wrap("line one\nline two", width: 20) == ["line one", "line two"])
        #expect(TextWidth.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        for line in TextWidth.wrap("混合 mixed 文字 and words 🐟🐟 end", width: 7) { #expect(TextWidth.of(line) <= 7) }
    }

    @Test func putClipsAndMendsWideCharacters() {
        var b = Buffer(width: 5, height: 1)
        #expect(b.put("ab一段", x: 0, y: 0) == 5)
        #expect(b.lines[0] == "ab一 ", "a wide character that does not fit leaves a space, not half")
        b.put("x", x: 3, y: 0)
        #expect(b.lines[0] == "ab x ", "overwriting the right half of a wide character blanks its left half")
        var c = Buffer(width: 6, height: 1)
        c.put("一段海", x: 0, y: 0)
        c.put("z", x: 2, y: 0)
        #expect(c.lines[0] == "一z 海")
        #expect(c[1, 0].isContinuation)
    }

    @Test func putDropsControlCharacters() {
        var b = Buffer(width: 10, height: 1)
        b.put("a\u{7}b\u{1B}c", x: 0, y: 0)
        #expect(!b.lines[0].unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test func degradation() {
        #expect(ColorDegrade.nearest256(0, 0, 0) == 16)
        #expect(ColorDegrade.nearest256(255, 255, 255) == 231)
        #expect(ColorDegrade.nearest256(255, 0, 0) == 196)
        #expect(ColorDegrade.nearest256(0x7a, 0x6f, 0x5c) == 242, "a muted brown sits nearer the grey ramp than the cube")
        #expect(ColorDegrade.nearest256(128, 128, 128) == 244)
        #expect(ColorDegrade.nearest16(250, 10, 10) == 9)
        #expect(ColorDegrade.nearest16(0, 190, 0) == 2)
        #expect(ColorDegrade.rgb(of: 196) == (255, 0, 0))
    }
}
