import Foundation
import Testing
@testable import LumaKit
@testable import LumaUI

/// Random bytes as every string the server or a file can give, through every output: nothing
/// that controls a terminal or hides text comes out raw.
@Suite struct SanitiserPropertyTests {
    static let iterations = 2000

    @Test func randomBytesNeverReachAnyOutputRaw() throws {
        var rng = SeededGenerator(seed: 0x5EED_1234)
        for i in 0..<Self.iterations {
            let t = (0..<14).map { _ in hostileText(&rng) }
            let g = hostileGeneration(t, kind: i % 3)
            let context = "iteration \(i): \(t.map(\.debugDescription))"

            // Text commands: the status table, a watch line.
            let table = TextReport.table([TextReport.tableHeader, TextReport.row(g, now: Samples.now)])
            let rows = table.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(rows.count == 2, "one line per row: \(table.debugDescription)")
            for row in rows { expectClean(String(row), "table", context) }
            expectClean(TextReport.change(g, at: Samples.now), "watch line", context)

            // JSON: escaped, still JSON, and faithful to what was said.
            let json = StatusReport(g).json
            expectClean(json, "status JSON", context)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], "\(context)")
            #expect(scalars(object["id"]) == Array(g.id.unicodeScalars), "\(context)")
            #expect(scalars(object["prompt"]) == Array(t[3].unicodeScalars), "\(context)")
            #expect(scalars(object["state"]) == Array(g.generation!.state.word.unicodeScalars), "\(context)")

            // What leaves for a script's environment, the clipboard and the desktop.
            for (name, value) in CompletionHook.variables(for: g) { expectClean(value, name, context) }
            expectCleanCopy(TerminalSequence.copy(t[12]), context)
            expectCleanNotification(TerminalSequence.notify(title: t[13], body: t[9]), context)

            // The dashboard, cell by cell, with the server's text in every widget.
            let store = GenerationStore(now: { Samples.now })
            store.insert([g])
            var state = DashboardState()
            state.selectedID = g.id
            state.notify(t[10], isError: true, now: Samples.now)
            if i % 2 == 0 {
                state.zoomed = true
                state.prompt = i % 4 == 0 ? .confirmUntrack(g.id) : .addIDs
                state.input = InputLine(text: t[11])
            }
            let frame = Frame(state: state, snapshot: store.snapshot(), width: 80, height: 24, now: Samples.now,
                              host: t[0], timeZone: Samples.utc, downloads: [g.id: DownloadStatus(phase: .failed(t[8]))])
            expectCleanCells(DashboardView.render(frame), context)

            // A message from a key: `d` on a generation that is not completed names its state word.
            var keyed = DashboardState()
            keyed.selectedID = g.id
            _ = keyed.reduce(.char("d"), KeyContext(snapshot: store.snapshot(), now: Samples.now, listHeight: 3))
            expectClean(keyed.message?.text ?? "", "bottom bar message", context)
        }
    }

    /// Three shapes in turn, so each state word and field shows somewhere: an undocumented state,
    /// a failure with its reason, a completed job whose later refresh failed.
    func hostileGeneration(_ t: [String], kind: Int) -> TrackedGeneration {
        let state: GenerationState = [.unknown(t[2]), .failed, .completed][kind]
        let g = Generation(id: t[1], state: state, prompt: t[3], aspectRatio: t[4],
                           video: Media(url: t[5], width: 1280, height: 720, downloadURL: t[6]),
                           videoRaw: Media(url: t[7], width: 1280, height: 720, duration: 5),
                           thumbnail: Media(url: t[12]), lastFrame: Media(url: t[13]), createdAt: Samples.now - 60,
                           failureReason: t[9])
        let error: APIError? = kind == 1 ? nil : kind == 0 ? .transport(.other(t[10])) : .decoding(reason: t[11], excerpt: t[8])
        return TrackedGeneration(id: "id" + t[0], generation: g, lastError: error, firstSeen: Samples.now - 120)
    }

    func expectClean(_ text: String, _ what: String, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let bad = text.unicodeScalars.filter(UntrustedText.escapesInJSON)
        #expect(bad.isEmpty, "\(what) holds \(bad.map { UntrustedText.marker($0) }): \(text.debugDescription); \(context)",
                sourceLocation: sourceLocation)
    }

    /// `ESC ] 52 ; c ; base64 BEL`, and the base64 decodes to clean text.
    func expectCleanCopy(_ sequence: String, _ context: String) {
        let head = "\u{1B}]52;c;"
        #expect(sequence.hasPrefix(head) && sequence.hasSuffix("\u{07}"), "\(sequence.debugDescription)")
        let payload = String(sequence.dropFirst(head.count).dropLast())
        let copied = Data(base64Encoded: payload).map { String(decoding: $0, as: UTF8.self) }
        #expect(copied != nil, "\(payload)")
        expectClean(copied ?? "", "clipboard", context)
    }

    /// OSC 777 then OSC 9: only their own ESC and BEL, and exactly the one `;` between OSC 777's
    /// title and body. Scalar by scalar, as a terminal parses it (a `;` may start a grapheme).
    func expectCleanNotification(_ sequence: String, _ context: String) {
        let parts = sequence.unicodeScalars.split(separator: "\u{07}", omittingEmptySubsequences: false).map(Array.init)
        #expect(parts.count == 3 && parts[2].isEmpty, "\(sequence.debugDescription)")
        guard parts.count == 3 else { return }
        let osc777 = Array("\u{1B}]777;notify;".unicodeScalars), osc9 = Array("\u{1B}]9;".unicodeScalars)
        #expect(parts[0].starts(with: osc777) && parts[1].starts(with: osc9), "\(sequence.debugDescription)")
        let fields = parts[0].dropFirst(osc777.count)
        #expect(fields.filter { $0 == ";" }.count == 1, "title and body must stay two fields: \(sequence.debugDescription)")
        var text = String.UnicodeScalarView()
        text.append(contentsOf: fields + parts[1].dropFirst(osc9.count))
        expectClean(String(text), "notification", context)
    }

    /// No cell holds a control or an invisible character, and each cell's text is as wide as the
    /// cells it takes (what the terminal draws is what the buffer counted).
    func expectCleanCells(_ buffer: Buffer, _ context: String) {
        for y in 0..<buffer.height {
            for x in 0..<buffer.width where !buffer[x, y].isContinuation {
                let cell = buffer[x, y]
                expectClean(cell.text, "cell (\(x), \(y))", context)
                let takes = x + 1 < buffer.width && buffer[x + 1, y].isContinuation ? 2 : 1
                #expect(TextWidth.of(cell.text) == takes, "cell (\(x), \(y)): \(cell.text.debugDescription); \(context)")
            }
        }
    }

    func scalars(_ value: Any?) -> [Unicode.Scalar]? { (value as? String).map { Array($0.unicodeScalars) } }
}

/// Short strings of random bytes, leaning to what attacks a terminal: ESC, the 8-bit CSI and
/// OSC, BEL, DEL, bidi controls and zero-width characters, the bytes of sequences, and text
/// that must stay (CJK, emoji, combining marks). Invalid UTF-8 arrives as U+FFFD.
func hostileText(_ rng: inout SeededGenerator) -> String {
    let pieces: [[UInt8]] = [
        [0x1B], [0x1B, 0x5B], [0x1B, 0x5D], [0x1B, 0x50], [0xC2, 0x9B], [0xC2, 0x9D], [0xC2, 0x9C], [0xC2, 0x85],
        [0x9B], [0x07], [0x7F], [0x00], [0x0A], [0x0D], [0x09], [0x3B], [0x5C], [0x6D], [0x30], [0x32], [0x3B, 0x3B],
        [0xE2, 0x80, 0xAE], [0xE2, 0x80, 0xAA], [0xE2, 0x80, 0xAD], [0xE2, 0x81, 0xA6], [0xE2, 0x81, 0xA9],
        [0xE2, 0x80, 0x8B], [0xE2, 0x80, 0x8D], [0xE2, 0x80, 0x8F], [0xE2, 0x81, 0xA0], [0xEF, 0xBB, 0xBF],
        [0xE1, 0xA0, 0x8E], [0xD8, 0x9C], [0xC2, 0xAD], [0xF3, 0xA0, 0x80, 0x81], [0xE2, 0x80, 0xA8],
        Array("一".utf8), Array("🐟".utf8), [0xCC, 0x81], [0xEF, 0xB8, 0x8F], Array("ab c".utf8),
    ]
    var bytes: [UInt8] = []
    for _ in 0..<Int.random(in: 0...24, using: &rng) {
        if Bool.random(using: &rng) {
            bytes.append(UInt8.random(in: 0...255, using: &rng))
        } else {
            bytes += pieces.randomElement(using: &rng)!
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// A seeded generator (xorshift64*), so a failure repeats.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed | 1 }
    mutating func next() -> UInt64 {
        state ^= state >> 12; state ^= state << 25; state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
}
