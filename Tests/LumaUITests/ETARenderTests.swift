import Foundation
import Testing
@testable import LumaKit
@testable import LumaUI

/// The ETA of pending and processing generations, in the list and the detail.
@Suite struct ETARenderTests {
    /// Completed generations, each queued `queued` s in pending, then processing for one of `took`.
    static func history(took: [TimeInterval], queued: TimeInterval) -> [Transition] {
        took.enumerated().flatMap { i, d -> [Transition] in
            let start = Samples.now - 100_000 + Double(i) * 5_000
            let id = "done\(i)"
            return [Transition(id: id, from: nil, to: .pending, at: start),
                    Transition(id: id, from: .pending, to: .processing, at: start + queued),
                    Transition(id: id, from: .processing, to: .completed, at: start + queued + d)]
        }
    }

    /// Seven completed: 150 s from entering processing, 900 s from entering pending (the median).
    /// In `Samples`, l0ng-prompt has been processing for 70 s, pend1ng-emoji pending for 570 s.
    static let seven = history(took: [100, 120, 140, 150, 160, 200, 900], queued: 750)

    func frame(_ history: [Transition], width: Int, height: Int, selected: String? = nil, zoomed: Bool = false) -> Buffer {
        let store = Samples.store()
        store.setEstimates(Estimates(history: history))
        var state = DashboardState()
        state.selectedID = selected
        state.zoomed = zoomed
        return DashboardView.render(Frame(state: state, snapshot: store.snapshot(), width: width, height: height,
                                          now: Samples.now, host: "api.quickrouter.ai", timeZone: Samples.utc))
    }

    /// The list's row of `id`, up to the rule before the detail.
    func row(_ buffer: Buffer, _ id: String) -> String {
        let line = buffer.lines.dropFirst(2).first { $0.dropFirst(15).hasPrefix(id.prefix(8)) } ?? ""
        return String(line.prefix { $0 != "│" })
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func theListAndTheDetailShowTheETA(width: Int, height: Int) {
        let buffer = frame(Self.seven, width: width, height: height)
        assertSnapshot(buffer, named: "dashboard-eta-\(width)x\(height)")
        #expect(buffer.lines[1].contains("ETA"))
        #expect(row(buffer, "l0ng-prompt").contains("~1m20s"))
        #expect(row(buffer, "pend1ng-emoji").contains("~5m30s"))
        for past in ["pr0cessing-cjk", "retry1ng"] { #expect(row(buffer, past).contains("any moment"), "\(past)") }
        for finished in ["c0mpleted", "fa1led-xyz", "dream1ng", "m1ssing-id", "esc4pe"] {
            #expect(!row(buffer, finished).contains("~") && !row(buffer, finished).contains("any moment"), "\(finished)")
        }
        // The detail of the selected one (the first row) says what the ETA is based on.
        #expect(buffer.text.contains("ETA         ~1m20s (median of 7 completed"))
    }

    @Test func theDetailSaysWhatTheETAIsBasedOn() {
        let processing = frame(Self.seven, width: 100, height: 24, selected: "l0ng-prompt", zoomed: true).text
        #expect(processing.contains("ETA         ~1m20s (median of 7 completed generations, from entering processing)"))
        let pending = frame(Self.seven, width: 100, height: 24, selected: "pend1ng-emoji", zoomed: true).text
        #expect(pending.contains("ETA         ~5m30s (median of 7 completed generations, from entering pending)"))
        let past = frame(Self.seven, width: 100, height: 24, selected: "pr0cessing-cjk", zoomed: true).text
        #expect(past.contains("ETA         any moment (median of 7 completed generations, from entering processing)"))
        let finished = frame(Self.seven, width: 100, height: 24, selected: "c0mpleted-0000-4809-a133-10786201bb56", zoomed: true).text
        #expect(finished.contains("in state") && !finished.contains("ETA"))
    }

    @Test(arguments: [(80, 24), (120, 40), (40, 12)])
    func fewerThanFiveCompletedShowNoETA(width: Int, height: Int) {
        let four = Self.history(took: [100, 120, 140, 150], queued: 750)
        let buffer = frame(four, width: width, height: height)
        #expect(!buffer.text.contains("ETA") && !buffer.text.contains("any moment") && !buffer.text.contains("~"))
        #expect(buffer.text == frame([], width: width, height: height).text, "the screen is as without a history")
    }

    @Test func rowsStayAsWideAsTheScreenWithTheColumn() {
        for width in stride(from: 40, through: 150, by: 2) {
            let buffer = frame(Self.seven, width: width, height: 24)
            for y in 0..<24 { #expect(TextWidth.of(buffer.lines[y]) == width, "row \(y) at \(width)") }
        }
    }

    @Test func theETAKeepsItsPlaceLongerThanTheAges() {
        func titles(_ width: Int) -> [String] { GenerationTable.layout(width: width, estimating: true).columns.map(\.title) }
        #expect(titles(140) == ["STATE", " ", "ID", "RES", "DUR", "ASPECT", "AGE", "IN STATE", "ETA"])
        #expect(titles(80) == ["STATE", " ", "ID", "RES", "DUR", "ASPECT", "AGE", "ETA"])
        #expect(titles(72) == ["STATE", " ", "ID", "RES", "DUR", "ASPECT", "ETA"])
        #expect(titles(50) == ["STATE", " ", "ID", "RES", "DUR"])
        // Without estimates the column is not there at all.
        #expect(!GenerationTable.layout(width: 140).columns.contains { $0.title == "ETA" })
        #expect(GenerationTable.layout(width: 80, estimating: false).prompt == 17)
    }
}
