import Testing
@testable import LumaUI

/// The terminal's SGR mouse reports, byte for byte as terminals send them, and what they mean.
@Suite struct MouseDecodeTests {
    func decode(_ text: String) -> MouseEvent? { SGRMouse.decode(Array(text.utf8)) }

    @Test func pressesAndReleasesOfEachButtonCountFromZero() {
        #expect(decode("\u{1B}[<0;5;3M") == MouseEvent(.left, .press, column: 4, row: 2))
        #expect(decode("\u{1B}[<0;5;3m") == MouseEvent(.left, .release, column: 4, row: 2))
        #expect(decode("\u{1B}[<1;1;1M") == MouseEvent(.middle, .press, column: 0, row: 0))
        #expect(decode("\u{1B}[<2;80;24M") == MouseEvent(.right, .press, column: 79, row: 23))
    }

    @Test func theWheelTurnsUpAndDown() {
        #expect(decode("\u{1B}[<64;7;8M") == MouseEvent(.wheelUp, column: 6, row: 7))
        #expect(decode("\u{1B}[<65;7;8M") == MouseEvent(.wheelDown, column: 6, row: 7))
        #expect(decode("\u{1B}[<64;7;8m") == nil, "a wheel has no release")
    }

    @Test func modifiersAndDragsAreTold() {
        #expect(decode("\u{1B}[<4;2;2M")?.modifiers == .shift)
        #expect(decode("\u{1B}[<8;2;2M")?.modifiers == .alt)
        #expect(decode("\u{1B}[<16;2;2M")?.modifiers == .control)
        #expect(decode("\u{1B}[<28;2;2M")?.modifiers == [.shift, .alt, .control])
        #expect(decode("\u{1B}[<80;2;2M") == MouseEvent(.wheelUp, column: 1, row: 1, modifiers: .control))
        #expect(decode("\u{1B}[<32;3;4M") == MouseEvent(.left, .drag, column: 2, row: 3))
    }

    @Test func coordinatesPastTheOldLimitOf223AreRead() {
        #expect(decode("\u{1B}[<0;300;250M") == MouseEvent(.left, column: 299, row: 249))
        #expect(decode("\u{1B}[<0;99999;99999M") == MouseEvent(.left, column: 99_998, row: 99_998))
    }

    @Test(arguments: [
        "\u{1B}[<35;3;4M",  // motion with no button
        "\u{1B}[<66;1;1M", "\u{1B}[<67;1;1M",  // the wheel sideways
        "\u{1B}[<128;1;1M", "\u{1B}[<129;1;1M",  // buttons 8 and 9
        "\u{1B}[<0;5M", "\u{1B}[<0;5;3", "\u{1B}[<;5;3M", "\u{1B}[<0;;3M", "\u{1B}[<0;5;3;4M", "\u{1B}[<a;b;cM",
        "\u{1B}[<0;0;3M", "\u{1B}[<0;5;0M", "\u{1B}[<0;-1;3M", "\u{1B}[<+0;5;3M", "\u{1B}[<0;5;3MM", "\u{1B}[<M", "\u{1B}[<",
        "\u{1B}[<99999999999999999999;1;1M", "\u{1B}[<0;100000;1M", "\u{1B}[<0;1;18446744073709551617M",
        "\u{1B}[<0;٣;3M",  // a digit, but not an ASCII one
        "\u{1B}[0;5;3M", "\u{1B}[M !!", "\u{1B}<0;5;3M", "[<0;5;3M", "",
    ])
    func malformedReportsAreNothing(text: String) {
        #expect(decode(text) == nil, "\(text.debugDescription)")
    }

    /// The reader ncurses hands characters to after the prefix.
    func feed(_ text: String, into body: inout SGRMouse.Body) -> [SGRMouse.Body.Step] {
        text.unicodeScalars.map { body.feed($0.value) }
    }

    @Test func aReportSplitBetweenReadsIsOneEvent() {
        var body = SGRMouse.Body()
        #expect(feed("0;12", into: &body).allSatisfy { $0 == .more })
        #expect(feed(";7M", into: &body) == [.more, .more, .done(MouseEvent(.left, column: 11, row: 6))])
    }

    @Test func aKeyInTheMiddleEndsTheReportAndStaysAKey() {
        var body = SGRMouse.Body()
        #expect(feed("0;5q", into: &body) == [.more, .more, .more, .notMine])
        var escaped = SGRMouse.Body()
        #expect(escaped.feed(0x1B) == .notMine)
    }

    @Test func anEndlessReportIsSwallowedWithoutGrowingAndComesToNothing() {
        var body = SGRMouse.Body()
        let steps = feed(String(repeating: "9", count: 100_000) + ";1;1M", into: &body)
        #expect(steps.dropLast().allSatisfy { $0 == .more }, "the digits are not typed as keys")
        #expect(steps.last == .done(nil))
    }

    /// Real reports mangled at random (a byte changed, added or lost, from a fixed seed): never a
    /// crash, and every event found is on a cell a terminal could have.
    @Test func mangledReportsNeverCrash() {
        var seed: UInt64 = 0x5EED
        func next(_ below: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(seed >> 33) % below
        }
        let reports = ["0;12;7M", "64;1;1M", "2;300;40m", "35;99999;99999M"]
        let alphabet = Array("0123456789;Mm<[\u{1B}x\u{FF}".utf8)
        var found = 0
        for i in 0..<20_000 {
            var body = Array(reports[i % reports.count].utf8)
            for _ in 0..<next(4) {
                let byte = next(3) == 0 ? UInt8(next(256)) : alphabet[next(alphabet.count)]
                let at = next(body.count + 1)
                switch next(3) {
                case 0 where at < body.count: body[at] = byte
                case 1 where at < body.count: body.remove(at: at)
                default: body.insert(byte, at: at)
                }
            }
            if let e = SGRMouse.decode(Array(SGRMouse.prefix.utf8) + body) {
                found += 1
                #expect(e.column >= 0 && e.column < SGRMouse.largestNumber && e.row >= 0 && e.row < SGRMouse.largestNumber)
            }
            var reader = SGRMouse.Body()
            for byte in body { if reader.feed(UInt32(byte)) != .more { break } }
        }
        #expect(found > 0, "unmangled reports are read")
    }
}
