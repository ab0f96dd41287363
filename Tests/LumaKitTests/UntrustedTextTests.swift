import Foundation
import Testing
@testable import LumaKit

/// The one sanitiser: what of a server's or a file's text reaches a terminal, and how JSON keeps it.
@Suite struct UntrustedTextTests {
    @Test(arguments: [
        // Escape sequences go whole: CSI, OSC ended by BEL or ST, DCS, two-byte and intermediate forms.
        ("a\u{1B}[31mb", "ab"), ("a\u{1B}[38;2;1;2;3mb", "ab"), ("\u{1B}]0;title\u{07}x", "x"),
        ("\u{1B}]52;c;cGF5bG9hZA==\u{1B}\\x", "x"), ("\u{1B}P1;2q\u{1B}\\x", "x"), ("\u{1B}cx", "x"),
        ("\u{1B}(Bx", "x"), ("x\u{1B}", "x"), ("\u{1B}\u{1B}[2Jx", "x"),
        // C1 controls, the 8-bit CSI and OSC included; C0 controls and DEL.
        ("\u{9B}31mX", "X"), ("\u{9D}0;t\u{9C}X", "X"), ("a\u{85}b", "ab"), ("a\u{90}q\u{9C}b", "ab"),
        ("a\u{0}\u{7}\u{8}\u{7F}b", "ab"), ("tab\there", "tab here"),
        // Bidi overrides and isolates, zero-width and other invisible characters: shown.
        ("abc\u{202E}fed", "abc<U+202E>fed"), ("\u{202A}\u{202B}\u{202C}\u{202D}", "<U+202A><U+202B><U+202C><U+202D>"),
        ("\u{2066}a\u{2067}b\u{2068}c\u{2069}", "<U+2066>a<U+2067>b<U+2068>c<U+2069>"),
        ("zero\u{200B}width", "zero<U+200B>width"), ("\u{FEFF}bom", "<U+FEFF>bom"), ("a\u{200C}\u{200D}b", "a<U+200C><U+200D>b"),
        ("\u{200E}\u{200F}\u{061C}", "<U+200E><U+200F><U+061C>"), ("\u{2060}\u{2061}\u{2064}", "<U+2060><U+2061><U+2064>"),
        ("soft\u{AD}hyphen", "soft<U+00AD>hyphen"), ("\u{180E}", "<U+180E>"), ("\u{3164}", "<U+3164>"),
        ("tag\u{E0001}\u{E0041}", "tag<U+E0001><U+E0041>"),
        // What is only drawn differently stays: combining marks, variation selectors, CJK, emoji.
        ("e\u{301}", "e\u{301}"), ("❤\u{FE0F}", "❤\u{FE0F}"), ("一段海边日落的视频 🐱", "一段海边日落的视频 🐱"),
        ("🇯🇵 👍🏽 한국어", "🇯🇵 👍🏽 한국어"), ("a\u{FFFD}b", "a\u{FFFD}b"), ("plain", "plain"),
    ])
    func lineShowsOnlyWhatIsSeen(input: String, expected: String) {
        #expect(Array(UntrustedText.line(input).unicodeScalars) == Array(expected.unicodeScalars))
    }

    @Test func blockKeepsLinesButNotTheirControls() {
        #expect(UntrustedText.block("one\r\ntwo\u{2028}three\n\n\n\n\r\rfour\r") == "one\ntwo\nthree\n\nfour\n")
        #expect(UntrustedText.block("a\n\u{1B}[2J\n\u{7}\nb") == "a\n\nb", "lines emptied by cleaning count as empty")
        #expect(UntrustedText.line("one\ntwo\u{2029}three\r\nfour") == "one two three four")
    }

    @Test func invalidUTF8ArrivesAsReplacementCharacters() {
        let text = String(decoding: [0x61, 0xFF, 0x9B, 0x62, 0xC2], as: UTF8.self)
        #expect(UntrustedText.line(text) == "a\u{FFFD}\u{FFFD}b\u{FFFD}", "a lone 0x9B byte is not a C1 CSI")
    }

    /// The cheap ranges skipped before the table look-up hold no invisible character.
    @Test func theShortcutAgreesWithUnicode() {
        var disagreements: [UInt32] = []
        for v in UInt32(0)...0x10FFFF {
            guard let s = Unicode.Scalar(v) else { continue }
            let selector = (0x180B...0x180D).contains(v) || v == 0x180F || (0xFE00...0xFE0F).contains(v)
                || (0xE0100...0xE01EF).contains(v)
            let unicode = !selector && (s.properties.generalCategory == .format || s.properties.isDefaultIgnorableCodePoint)
            if UntrustedText.isInvisible(s) != unicode { disagreements.append(v) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10).map { String($0, radix: 16) })")
    }

    @Test(arguments: [
        ("\u{1B}[31m", #""\u001b[31m""#), ("\u{202E}x", #""\u202ex""#), ("\u{7F}\u{85}\u{9B}", #""\u007f\u0085\u009b""#),
        ("\u{200B}\u{FEFF}\u{2066}", #""\u200b\ufeff\u2066""#), ("tag\u{E0001}", #""tag\udb40\udc01""#),
        ("q\"b\\/\n\r\t\u{0}", #""q\"b\\/\n\r\t\u0000""#), ("\u{2028}\u{2029}", #""\u2028\u2029""#),
        ("é 一 🐟 e\u{301} ❤\u{FE0F}", "\"é 一 🐟 e\u{301} ❤\u{FE0F}\""), ("", #""""#),
    ])
    func jsonEscapesControlsAndInvisiblesAndReadsBack(input: String, expected: String) throws {
        let json = UntrustedText.json(input)
        #expect(json == expected)
        #expect(!json.unicodeScalars.contains { UntrustedText.escapesInJSON($0) })
        let back = try JSONSerialization.jsonObject(with: Data("[\(json)]".utf8)) as? [String]
        #expect(back.map { $0.map { Array($0.unicodeScalars) } } == [Array(input.unicodeScalars)])
    }

    @Test func bothJSONWritersEscapeAlike() {
        let text = "id\u{1B}]0;x\u{07} \u{202E}\u{200B}\u{7F}\u{9B} é🐟"
        var writer = JSONWriter()
        writer.string(text)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == JSONValue.string(text).text)
    }

    @Test func anIDWithInvisibleCharactersIsRefusedVisibly() {
        do { try TaskID.validate("abc\u{202E}def"); Issue.record("accepted") } catch {
            #expect(error.description.contains("<U+202E>") && error.description.contains(#"\u{202e}"#), "\(error)")
            #expect(!error.description.unicodeScalars.contains { UntrustedText.isInvisible($0) })
        }
    }

    @Test func apiErrorsCleanTheServersText() {
        let errors: [APIError] = [
            .transport(.other("reset \u{1B}]0;x\u{07}by \u{202E}peer")), .transport(.dns("h\u{9B}2Jost")),
            .transport(.refused("\u{200B}127.0.0.1")), .decoding(reason: "bad \u{1B}[5m", excerpt: "<html>\u{2066}"),
        ]
        for e in errors {
            #expect(!e.message.unicodeScalars.contains { UntrustedText.isControl($0) || UntrustedText.isInvisible($0) },
                    "\(e.message.debugDescription)")
        }
        #expect(errors[0].message == "connection reset", "the library's own text is not shown")
    }
}
