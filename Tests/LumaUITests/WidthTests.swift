import Foundation
import Testing
@testable import LumaUI
#if canImport(Glibc)
import Glibc
#endif

/// `TextWidth` against the C library's `wcwidth`, which ncurses uses to place every character: a
/// cell the Buffer gives one width and ncurses another shifts the rest of its row.
@Suite struct WidthTests {
    /// glibc's `wcwidth`, which Swift's Glibc module does not import.
    static let wcwidth: (@convention(c) (UInt32) -> Int32)? = {
        // Its table is the UTF-8 one only under a UTF-8 locale; set once for the whole process,
        // since tests run side by side.
        guard setlocale(LC_CTYPE, "C.UTF-8") != nil else { return nil }
        return dlsym(dlopen(nil, RTLD_NOW), "wcwidth").map { unsafeBitCast($0, to: (@convention(c) (UInt32) -> Int32).self) }
    }()

    /// The columns ncurses advances for `v` drawn alone: its `wcwidth`, and 1 for what the C library
    /// calls unprintable (-1: unassigned in its Unicode, or a line or paragraph separator), which
    /// ncurses still writes into one cell.
    static func placed(_ v: UInt32) -> Int? {
        guard let wcwidth else { return nil }
        let w = Int(wcwidth(v))
        return w < 0 ? 1 : w
    }

    /// Every scalar but the controls (which never reach a cell: `UntrustedText` replaces them)
    /// and the surrogates (not scalars), over the BMP and planes 1 to 3 (emoji, rare CJK), plus
    /// plane 14's tags and selectors.
    @Test func everyCodePointTakesTheColumnsTheCLibraryGivesIt() throws {
        try #require(Self.wcwidth != nil, "wcwidth from the C library, under a UTF-8 locale")
        var disagreements: [String] = []
        for v in Array(0x20...0x3FFFF) + Array(0xE0000...0xE0FFF) {
            guard v != 0x7F, !(0x80..<0xA0).contains(v), let scalar = Unicode.Scalar(UInt32(v)) else { continue }
            let ours = TextWidth.of(Character(scalar)), theirs = Self.placed(UInt32(v))!
            if ours != theirs { disagreements.append(String(format: "U+%04X: %d, wcwidth %d", v, ours, theirs)) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) differ: \(disagreements.prefix(20).joined(separator: "; "))")
    }

    /// A cell holds a whole grapheme; ncurses keeps of it the first scalar and the zero-width ones
    /// right after (`setcchar`), so the cell takes the first scalar's columns. Variation selector
    /// 16 changes nothing there (tmux too draws "❤️" in one column). What ncurses drops is not drawn:
    /// a ZWJ family shows its first person, a flag its first letter, a skin tone goes.
    @Test(arguments: [
        ("❤\u{FE0F}", 1), ("1\u{FE0F}\u{20E3}", 1), ("☺\u{FE0F}", 1), ("🐟\u{FE0F}", 2),
        ("👨\u{200D}👩\u{200D}👧", 2), ("👩\u{200D}💻", 2), ("👍🏻", 2), ("🇺🇸", 1), ("e\u{301}", 1), ("一\u{301}", 2),
    ])
    func aSequenceTakesTheColumnsOfItsFirstScalar(text: String, columns: Int) throws {
        #expect(text.count == 1, "one grapheme")
        #expect(TextWidth.of(text) == columns)
        let first = try #require(text.unicodeScalars.first)
        #expect(Self.placed(first.value) == columns)
        var buffer = Buffer(width: 4, height: 1)
        #expect(buffer.put(text + "x", x: 0, y: 0) == columns + 1)
        #expect(buffer[columns, 0].text == "x", "the next character lands where ncurses puts it")
    }
}
