import Foundation
import Testing
@testable import LumaKit
@testable import LumaUI

/// The title says at once that the service cannot be reached, and when the next try goes.
@Suite struct OfflineTitleTests {
    func title(_ store: GenerationStore, width: Int) -> (text: String, buffer: Buffer) {
        let buffer = DashboardView.render(Frame(state: DashboardState(), snapshot: store.snapshot(), width: width, height: 24,
                                                now: Samples.now, host: "api.quickrouter.ai", timeZone: Samples.utc))
        return (buffer.lines[0], buffer)
    }

    @Test func offlineShowsTheErrorAndTheRetryInTheWarningStyle() throws {
        let store = Samples.store()
        #expect(!title(store, width: 120).text.contains("offline"))
        store.updateStatus {
            $0.offline = Offline(error: .transport(.refused("connection reset (error set): Connection refused) (errno: 111)")),
                                 retryAt: Samples.now + 7.5)
        }
        let (text, buffer) = title(store, width: 120)
        let line = "offline: connection refused — retrying in 8 s"
        #expect(text.hasPrefix(" lumatop │ \(line) │ api.quickrouter.ai │ "), "\(text)")
        let x = try #require(text.range(of: "offline").map { text.distance(from: text.startIndex, to: $0.lowerBound) })
        #expect(buffer[x, 0].style == Theme.default[.warning])
        #expect(!text.contains("errno"))
        store.updateStatus { $0.offline = nil }
        #expect(!title(store, width: 120).text.contains("offline"))
    }

    @Test func aNarrowTitleStillStartsWithOffline() {
        let store = Samples.store()
        store.updateStatus { $0.offline = Offline(error: .transport(.dns("x")), retryAt: nil) }
        let text = title(store, width: 40).text
        #expect(text.hasPrefix(" lumatop │ offline: host not found"), "\(text)")
    }
}
