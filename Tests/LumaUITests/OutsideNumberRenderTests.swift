import Foundation
import Testing
@testable import LumaKit
@testable import LumaUI

/// Absurd numbers from a server or a file reach the screen as something sane, and never trap.
@Suite struct OutsideNumberRenderTests {
    static let numbers: [(Int, Double)] = [(Int.max, 1e308), (Int.min, -1e308), (0, .greatestFiniteMagnitude),
                                           (-5, -0.5), (1 << 40, 1e19), (65_537, 86_401)]
    /// Times as seconds since 1970 (a `Date` of NaN cannot even describe itself as a test argument).
    static let times: [Double] = [Date.distantFuture.timeIntervalSince1970, Date.distantPast.timeIntervalSince1970,
                                  1e300, -1e300, .nan, .infinity]

    func frame(_ store: GenerationStore, selected: String?, width: Int, height: Int) -> Buffer {
        var state = DashboardState()
        state.selectedID = selected
        return DashboardView.render(Frame(state: state, snapshot: store.snapshot(), width: width, height: height,
                                          now: Samples.now, host: "api.quickrouter.ai", timeZone: Samples.utc))
    }

    @Test(arguments: numbers, times)
    func absurdSizesDurationsAndTimesRender(number: (Int, Double), time: Double) {
        let (size, seconds) = number
        let date = Date(timeIntervalSince1970: time)
        var g = Generation(id: "absurd-1", state: .processing, prompt: "absurd", aspectRatio: "16:9", createdAt: date)
        g.video = Media(url: "https://cdn.example/v.mp4", width: size, height: size, duration: seconds)
        g.videoRaw = Media(url: "https://cdn.example/r.mp4", width: size, height: size, duration: seconds)
        let store = GenerationStore(now: { date })
        store.track(["absurd-1", "absurd-2"])
        store.apply("absurd-1", .success(g), at: date, nextPollAt: date)
        store.apply("absurd-2", .failure(.rateLimited(retryAfter: seconds)), at: date, nextPollAt: date)
        store.updateStatus { $0.lastSuccessAt = date; $0.rateLimitedUntil = date; $0.rateLimitAskedFor = seconds }
        for (width, height) in [(80, 24), (120, 40), (40, 12)] {
            for selected in ["absurd-1", "absurd-2"] {
                let text = frame(store, selected: selected, width: width, height: height).text
                if String(size).count >= 5, Bounded.dimension(size) == nil { #expect(!text.contains(String(size)), "an absurd size is shown") }
                #expect(!text.contains("e+"), "a number in exponent form:\n\(text)")
            }
        }
        #expect(TextReport.resolution(g) == (Bounded.dimension(size) == nil ? "-" : "\(size)×\(size)"))
        #expect(TextReport.duration(g).count <= 9)
        #expect(!TextReport.change(store.snapshot()["absurd-2"]!, at: date).isEmpty)
    }

    @Test func aCutRetryAfterIsShownInTheBanner() {
        let store = Samples.store()
        store.updateStatus { $0.rateLimitedUntil = Samples.now + 3600; $0.rateLimitAskedFor = 5 * 3600 }
        var state = DashboardState()
        state.selectedID = nil
        let bottom = frame(store, selected: nil, width: 80, height: 24).lines.last!
        #expect(bottom.contains("rate limited (server asked for 5h00m, held at 1h00m), resuming in 1h00m"), "\(bottom)")
        store.updateStatus { $0.rateLimitedUntil = Samples.now + 12; $0.rateLimitAskedFor = nil }
        #expect(frame(store, selected: nil, width: 80, height: 24).lines.last!.contains("rate limited, resuming in 12s"))
        // However far the hold reaches, the banner says it in a line.
        store.updateStatus { $0.rateLimitedUntil = .distantFuture; $0.rateLimitAskedFor = .infinity }
        #expect(StatusBar.banner(store.snapshot(), now: Samples.now)?.contains("rate limited") == true)
    }
}
