import Foundation
import Testing
@testable import LumaKit

@Suite struct EstimatesTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// The transitions of one generation: pending at `start`, processing `queued` later, completed
    /// `took` after that.
    static func run(_ id: String, start: TimeInterval = 0, queued: TimeInterval = 10, took: TimeInterval) -> [Transition] {
        [Transition(id: id, from: nil, to: .pending, at: t0 + start),
         Transition(id: id, from: .pending, to: .processing, at: t0 + start + queued),
         Transition(id: id, from: .processing, to: .completed, at: t0 + start + queued + took)]
    }

    /// Completed generations that each took one of `durations` from entering processing.
    static func history(_ durations: [TimeInterval]) -> [Transition] {
        durations.enumerated().flatMap { i, d in run("g\(i)", start: Double(i) * 1000, took: d) }
    }

    /// A generation in `state` since `since` seconds before `now`.
    static func active(_ state: GenerationState?, since: TimeInterval, now: Date) -> TrackedGeneration {
        TrackedGeneration(id: "live", generation: state.map { Generation(id: "live", state: $0) },
                          firstSeen: now - since, stateChangedAt: now - since)
    }

    static let now = t0 + 1_000_000

    func eta(_ history: [Transition], _ state: GenerationState? = .processing, since: TimeInterval = 0) -> ETA? {
        Estimates(history: history).eta(for: Self.active(state, since: since, now: Self.now), now: Self.now)
    }

    @Test func theMedianFromEnteringTheStateLessTheTimeSpentInIt() throws {
        let odd = try #require(eta(Self.history([50, 10, 40, 20, 30]), since: 12))
        #expect(odd == ETA(remaining: 18, state: .processing, median: 30, basedOn: 5))
        let even = try #require(eta(Self.history([50, 10, 40, 20, 30, 60])))
        #expect(even.median == 35 && even.basedOn == 6 && even.remaining == 35)
        // Pending is measured from entering pending: the 10 s queued count too.
        let pending = try #require(eta(Self.history([50, 10, 40, 20, 30]), .pending, since: 5))
        #expect(pending == ETA(remaining: 35, state: .pending, median: 40, basedOn: 5))
    }

    @Test func aGenerationFirstSeenPastPendingIsNoSampleOfThatState() {
        // Tracked late: the first answer already said processing; when it entered is unknown.
        let late = (0..<5).flatMap { i in
            [Transition(id: "late\(i)", from: nil, to: .processing, at: Self.t0 + Double(i) * 1000),
             Transition(id: "late\(i)", from: .processing, to: .completed, at: Self.t0 + Double(i) * 1000 + 5)]
        }
        #expect(eta(late) == nil)
        #expect(eta(late + Self.history([50, 10, 40, 20, 30]))?.median == 30)
    }

    @Test func fewerThanFiveCompletedSayNothing() {
        #expect(eta(Self.history([10, 20, 30, 40])) == nil)
        #expect(eta(Self.history([10, 20, 30, 40]), .pending) == nil)
        #expect(Estimates(history: Self.history([10, 20, 30, 40])).isEmpty)
        #expect(eta(Self.history([10, 20, 30, 40, 50]))?.basedOn == 5)
        #expect(Estimates.none.isEmpty && eta([]) == nil)
    }

    @Test func pastTheMedianIsAnyMoment() throws {
        let history = Self.history([30, 30, 30, 30, 30])
        #expect(try #require(eta(history, since: 29.5)).remaining == 0.5)
        #expect(try #require(eta(history, since: 29.5)).text == "~1s")
        for since: TimeInterval in [30, 31, 86_400 * 1000] {
            let late = try #require(eta(history, since: since))
            #expect(late.remaining == nil && late.text == "any moment" && late.median == 30)
        }
        // A state changed after now (a clock set back) has spent nothing yet.
        #expect(eta(history, since: -100)?.remaining == 30)
    }

    @Test func onlyPendingAndProcessingAreEstimated() {
        let history = Self.history([10, 20, 30, 40, 50])
        for state in [GenerationState.completed, .failed, .unknown("dreaming"), .unknown("pending ")] {
            #expect(eta(history, state) == nil, "\(state)")
        }
        #expect(eta(history, nil) == nil, "no answer yet")
    }

    @Test func failedGenerationsAreNotSamples() {
        let failed = (0..<4).flatMap { i in
            [Transition(id: "f\(i)", from: nil, to: .processing, at: Self.t0),
             Transition(id: "f\(i)", from: .processing, to: .failed, at: Self.t0 + 5)]
        }
        // Completed, then failed on a refresh: it failed.
        let thenFailed = Self.run("cf", took: 1) + [Transition(id: "cf", from: .completed, to: .failed, at: Self.t0 + 100)]
        #expect(eta(Self.history([100, 100, 100, 100]) + failed + thenFailed) == nil)
        #expect(eta(Self.history([100, 100, 100, 100, 100]) + failed + thenFailed)?.median == 100)
    }

    @Test func theLastCompletionCountsFromTheLastEntryBeforeIt() throws {
        // Completed, processed again, completed again: 30 s from the last processing.
        let again = Self.run("again", took: 500) + [
            Transition(id: "again", from: .completed, to: .processing, at: Self.t0 + 1000),
            Transition(id: "again", from: .processing, to: .completed, at: Self.t0 + 1030),
        ]
        let estimate = try #require(eta(Self.history([30, 30, 30, 30]) + again))
        #expect(estimate.median == 30 && estimate.basedOn == 5)
    }

    @Test func orderAndDuplicatesDoNotMatter() {
        let history = Self.history([50, 10, 40, 20, 30, 70, 90])
        let expected = eta(history, since: 3)
        #expect(expected?.median == 40)
        #expect(eta(history.reversed(), since: 3) == expected)
        #expect(eta(history.shuffled(), since: 3) == expected)
        #expect(eta(history + history.shuffled(), since: 3) == expected)
    }

    @Test func oddHistoriesAreLeftOutNotTrusted() {
        let t0 = Self.t0
        let nan = Date(timeIntervalSince1970: .nan), inf = Date(timeIntervalSince1970: .infinity)
        let odd: [Transition] = [
            // Completed before it was seen processing: no processing sample.
            Transition(id: "late", from: nil, to: .completed, at: t0),
            Transition(id: "late", from: .completed, to: .processing, at: t0 + 5),
            // Longer than anything lumatop waits for: a clock gone wrong.
            Transition(id: "absurd", from: nil, to: .processing, at: t0 - 1e12),
            Transition(id: "absurd", from: .processing, to: .completed, at: t0),
            // Times that are no times.
            Transition(id: "nan", from: nil, to: .processing, at: nan),
            Transition(id: "nan", from: .processing, to: .completed, at: t0),
            Transition(id: "inf", from: nil, to: .processing, at: t0),
            Transition(id: "inf", from: .processing, to: .completed, at: inf),
            Transition(id: "far", from: nil, to: .processing, at: Date(timeIntervalSince1970: -.greatestFiniteMagnitude)),
            Transition(id: "far", from: .processing, to: .completed, at: Date(timeIntervalSince1970: .greatestFiniteMagnitude)),
            // A state word lumatop does not know is not processing.
            Transition(id: "queued", from: nil, to: .unknown("queued"), at: t0),
            Transition(id: "queued", from: .unknown("queued"), to: .completed, at: t0 + 9),
            // Never completed.
            Transition(id: "open", from: nil, to: .processing, at: t0),
        ]
        #expect(eta(Self.history([1, 2, 3, 4]) + odd) == nil)
        #expect(eta(Self.history([1, 2, 3, 4, 5]) + odd)?.median == 3)
        // A generation in its state since a time that is no time still gets an answer.
        let g = TrackedGeneration(id: "x", generation: Generation(id: "x", state: .processing), firstSeen: nan, stateChangedAt: nan)
        #expect(Estimates(history: Self.history([1, 2, 3, 4, 5])).eta(for: g, now: Self.now)?.median == 3)
    }

    @Test func onlyTheLatestFiftyCompletionsCount() throws {
        // Ten old slow ones, then fifty quick ones: the slow ones are out of the window.
        let slow = (0..<10).flatMap { Self.run("old\($0)", start: Double($0), took: 10_000) }
        let quick = (0..<50).flatMap { Self.run("new\($0)", start: 100_000 + Double($0) * 100, took: 20) }
        let estimate = try #require(eta(slow + quick))
        #expect(estimate.median == 20 && estimate.basedOn == Estimates.completions)
    }

    @Test func theTextsTheDashboardShows() {
        let estimate = ETA(remaining: 80, state: .processing, median: 95, basedOn: 23)
        #expect(estimate.text == "~1m20s")
        #expect(estimate.basis == "median of 23 completed generations, from entering processing")
        #expect(ETA(remaining: 7_500, state: .pending, median: 9_000, basedOn: 5).text == "~2h05m")
        #expect(ETA(remaining: nil, state: .pending, median: 9, basedOn: 5).text == "any moment")
    }
}
