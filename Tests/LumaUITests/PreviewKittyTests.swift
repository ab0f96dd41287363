import Foundation
import Testing
import LumaKit
@testable import LumaUI

@Suite struct PreviewKittyTests {
    /// An APC graphics command split into its keys and its payload.
    func parse(_ chunk: String) throws -> (keys: [String: String], payload: String) {
        let prefix = "\u{1B}_G", suffix = "\u{1B}\\"
        try #require(chunk.hasPrefix(prefix) && chunk.hasSuffix(suffix), "framed: \(chunk.prefix(20))")
        let inner = chunk.dropFirst(prefix.count).dropLast(suffix.count)
        let parts = inner.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
        var keys: [String: String] = [:]
        for pair in parts[0].split(separator: ",") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            keys[String(kv[0])] = String(kv[1])
        }
        return (keys, parts.count > 1 ? String(parts[1]) : "")
    }

    func reassemble(_ chunks: [String]) throws -> (first: [String: String], bytes: [UInt8]) {
        var base64 = "", first: [String: String] = [:]
        for (n, chunk) in chunks.enumerated() {
            let (keys, payload) = try parse(chunk)
            if n == 0 { first = keys } else { #expect(Set(keys.keys) == ["m", "q"], "later chunks carry only m and q") }
            #expect(keys["m"] == (n == chunks.count - 1 ? "0" : "1"))
            #expect(payload.utf8.count <= KittyGraphics.chunkSize)
            if n < chunks.count - 1 { #expect(payload.utf8.count % 4 == 0) }
            base64 += payload
        }
        return (first, Array(try #require(Data(base64Encoded: base64))))
    }

    @Test func pngBytesComeBackFromTheChunks() throws {
        // Long enough for several chunks, every byte value.
        let file = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) }
        let chunks = KittyGraphics.transmit(.png(file), id: 42, columns: 30, rows: 9)
        #expect(chunks.count == 4)
        let (keys, bytes) = try reassemble(chunks)
        #expect(bytes == file)
        #expect(keys == ["a": "T", "U": "1", "i": "42", "f": "100", "c": "30", "r": "9", "q": "2", "m": "1"])
    }

    @Test func rawPixelsCarryTheirSize() throws {
        let picture = PreviewTestImages.quadrants(width: 6, height: 4)
        let chunks = KittyGraphics.transmit(.rgb(picture), id: 300, columns: 3, rows: 1)
        #expect(chunks.count == 1)
        let (keys, bytes) = try reassemble(chunks)
        #expect(bytes == picture.rgb)
        #expect(keys["f"] == "24" && keys["s"] == "6" && keys["v"] == "4" && keys["m"] == "0" && keys["i"] == "300")
    }

    @Test func deleteFreesTheImage() throws {
        let (keys, payload) = try parse(KittyGraphics.delete(id: 7))
        #expect(keys == ["a": "d", "d": "I", "i": "7", "q": "2"] && payload.isEmpty)
    }

    @Test func theDiacriticsAreKittys() {
        let scalars = KittyDiacritics.scalars
        #expect(scalars.count == 297)
        #expect(scalars.first == "\u{0305}" && scalars[1] == "\u{030D}" && scalars.last == "\u{1D244}")
        #expect(Set(scalars).count == 297)
        // Each takes no column, so a placeholder cell stays one column wide.
        #expect(scalars.allSatisfy { TextWidth.of(Character($0)) == 0 })
    }

    @Test func aPlaceholderIsOneCellOfWidthOne() {
        for (row, column) in [(0, 0), (5, 17), (296, 296)] {
            let text = KittyGraphics.placeholder(row: row, column: column)
            #expect(text.count == 1, "one grapheme cluster")
            #expect(TextWidth.of(text) == 1)
            var buffer = Buffer(width: 3, height: 1)
            #expect(buffer.put(text, x: 1, y: 0) == 1)
            #expect(buffer[1, 0].text == text && buffer[2, 0] == .blank && buffer[0, 0] == .blank)
        }
    }

    @Test func placeholdersMapBackToTheirRowAndColumn() {
        var buffer = Buffer(width: 8, height: 5)
        KittyGraphics.drawPlaceholders(id: 42, into: &buffer, at: Rect(x: 2, y: 1, width: 5, height: 3))
        for y in 0..<5 {
            for x in 0..<8 {
                let cell = buffer[x, y]
                guard (2..<7).contains(x), (1..<4).contains(y) else { #expect(cell == .blank); continue }
                let scalars = Array(cell.text.unicodeScalars)
                #expect(scalars.count == 3 && scalars[0] == KittyGraphics.placeholder)
                #expect(KittyDiacritics.number(of: scalars[1]) == y - 1 && KittyDiacritics.number(of: scalars[2]) == x - 2)
                #expect(cell.style.foreground == .indexed(42))
            }
        }
    }

    @Test func theColourNamesTheImage() {
        #expect(KittyGraphics.color(id: 255) == .indexed(255))
        #expect(KittyGraphics.color(id: 0x12_34_56) == .rgb(0x12, 0x34, 0x56))
    }

    @Test func itermImagesDecodeBack() throws {
        let file: [UInt8] = Array("\u{89}PNG not really, but bytes".utf8) + [0, 255, 27, 7]
        let text = ITermImage.sequence(file: file, columns: 40, rows: 12)
        let prefix = "\u{1B}]1337;File="
        try #require(text.hasPrefix(prefix) && text.hasSuffix("\u{07}"))
        let inner = text.dropFirst(prefix.count).dropLast()
        let parts = inner.split(separator: ":", maxSplits: 1)
        let args = Dictionary(uniqueKeysWithValues: parts[0].split(separator: ";").map {
            let kv = $0.split(separator: "="); return (String(kv[0]), String(kv[1]))
        })
        #expect(args == ["inline": "1", "size": "\(file.count)", "width": "40", "height": "12", "preserveAspectRatio": "1"])
        #expect(Data(base64Encoded: String(parts[1])).map(Array.init) == file)
        #expect(!inner.utf8.contains(0x1B) && !inner.utf8.contains(0x07), "the file's bytes do not end the sequence")
    }

    @Test func tmuxPassthroughDoublesEveryEscape() {
        let wrapped = TerminalSequence.tmuxPassthrough(KittyGraphics.delete(id: 1))
        #expect(wrapped == "\u{1B}Ptmux;\u{1B}\u{1B}_Ga=d,d=I,i=1,q=2\u{1B}\u{1B}\\\u{1B}\\")
        // Unwrapping gives the sequence back, and no lone ESC inside ends it early.
        let inner = wrapped.dropFirst("\u{1B}Ptmux;".count).dropLast(2)
        #expect(inner.replacingOccurrences(of: "\u{1B}\u{1B}", with: "\u{1B}") == KittyGraphics.delete(id: 1))
        #expect(!inner.replacingOccurrences(of: "\u{1B}\u{1B}", with: "").contains("\u{1B}"))
    }
}
