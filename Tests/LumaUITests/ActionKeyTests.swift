import Foundation
import Testing
@testable import LumaKit
@testable import LumaUI

/// d, D, o, y, u and quitting with downloads running.
@Suite struct ActionKeyTests {
    static let done = "c0mpleted-0000-4809-a133-10786201bb56"
    let store = Samples.store()

    func press(_ keys: [Key], selecting id: String? = ActionKeyTests.done,
               downloads: [String: DownloadStatus] = [:], from start: DashboardState = DashboardState()) -> (DashboardState, [Effect]) {
        var state = start
        state.selectedID = id
        var ctx = KeyContext(snapshot: store.snapshot(), now: Samples.now, listHeight: 3, downloads: downloads)
        ctx.savedFileExists = { _ in true }  // the saved paths here are made up
        var effects: [Effect] = []
        for k in keys { effects += state.reduce(k, ctx) }
        return (state, effects)
    }

    func message(_ s: DashboardState) -> String { s.activeMessage(at: Samples.now)?.text ?? "" }

    /// The ids of a download effect, nil when there is none.
    func downloads(_ effects: [Effect]) -> [String]? {
        effects.lazy.compactMap { if case .download(let orders) = $0 { orders.map(\.id) } else { nil } }.first
    }

    @Test func dDownloadsTheSelectedCompletedGeneration() {
        let (state, effects) = press([.char("d")])
        #expect(downloads(effects) == [Self.done])
        #expect(message(state).contains("downloading c0mplete"))
    }

    @Test func dRefusesWhatCannotBeDownloadedYet() {
        let (state, effects) = press([.char("d")], selecting: "pr0cessing-cjk")
        #expect(effects.isEmpty)
        #expect(message(state).contains("processing: nothing to download yet"))
        #expect(state.message?.isError == true)
        let running = [Self.done: DownloadStatus(phase: .running)]
        let (again, none) = press([.char("d")], downloads: running)
        #expect(none.isEmpty)
        #expect(message(again).contains("already downloading"))
        let failed = [Self.done: DownloadStatus(phase: .failed("the media host answered HTTP 404"))]
        #expect(downloads(press([.char("d")], downloads: failed).1) == [Self.done], "a failed one may be tried again")
    }

    @Test func bigDQueuesEveryCompletedOneNotSavedOrOnItsWay() {
        #expect(downloads(press([.char("D")]).1) == [Self.done, "esc4pe"])
        store.recordSaved(Self.done, path: "/videos/done.mp4")
        #expect(downloads(press([.char("D")]).1) == ["esc4pe"])
        let (state, effects) = press([.char("D")], downloads: ["esc4pe": DownloadStatus(phase: .queued(position: 1))])
        #expect(effects.isEmpty)
        #expect(message(state).contains("nothing to download"))
    }

    @Test func bigDFetchesAgainWhatWasDeletedSinceItWasSaved() {
        store.recordSaved(Self.done, path: "/videos/done.mp4")
        store.recordSaved("esc4pe", path: "/videos/esc4pe.mp4")
        var state = DashboardState()
        var ctx = KeyContext(snapshot: store.snapshot(), now: Samples.now, listHeight: 3)
        ctx.savedFileExists = { $0 == "/videos/esc4pe.mp4" }
        let again = state.reduce(.char("D"), ctx)
        #expect(downloads(again) == [Self.done], "only the one whose file is gone")
        guard case .download(let orders)? = again.first else { return }
        #expect(orders.map(\.forgetSaved) == [true], "its old path is forgotten")
        #expect(orders.first?.url.text == store.snapshot()[Self.done]?.generation?.downloadURL)
        ctx.savedFileExists = { _ in true }
        #expect(state.reduce(.char("D"), ctx).isEmpty)
    }

    @Test func cCancelsTheSelectedDownloadOrSaysThereIsNone() {
        let (none, nothing) = press([.char("c")])
        #expect(nothing.isEmpty)
        #expect(message(none).contains("no download of c0mplete to cancel"))
        for phase: DownloadStatus.Phase in [.running, .queued(position: 2)] {
            let (state, effects) = press([.char("c")], downloads: [Self.done: DownloadStatus(phase: phase)])
            #expect(effects == [.cancelDownload(Self.done)], "\(phase)")
            #expect(message(state).contains("cancelling the download of c0mplete"))
        }
        let failed = [Self.done: DownloadStatus(phase: .failed("the media host answered HTTP 404"))]
        let (cleared, effects) = press([.char("c")], downloads: failed)
        #expect(effects == [.cancelDownload(Self.done)])
        #expect(message(cleared).contains("cleared the failed download"))
    }

    @Test func oAndYActOnTheChosenURL() throws {
        let base = "https://cdn.example/\(Self.done)"
        #expect(press([.char("o")]).1 == [.open(try WebURL("\(base)/video.mp4"))])
        #expect(press([.char("y")]).1 == [.copy(try WebURL("\(base)/video.mp4"))])
        #expect(press([.char("u"), .char("y")]).1 == [.copy(try WebURL("\(base)/video.mp4?dl=1"))])
        #expect(press([.char("u"), .char("u"), .char("u"), .char("o")]).1 == [.open(try WebURL("\(base)/thumb.jpg"))])
        #expect(press([.char("U"), .char("y")]).1 == [.copy(try WebURL("\(base)/last.jpg"))], "U goes back, wrapping")
        let (state, _) = press([.char("u")])
        #expect(state.urlChoice == .download)
        #expect(message(state).contains("download URL"))
        // No answer with URLs: say so, do nothing.
        let (none, effects) = press([.char("y")], selecting: "pend1ng-emoji")
        #expect(effects.isEmpty)
        #expect(message(none).contains("no URL"))
    }

    /// Every URL of this answer is one that may not leave lumatop.
    @Test(arguments: [
        ("javascript:alert(1)", "not javascript:"),
        ("file:///etc/passwd", "not file:"),
        ("data:video/mp4;base64,AAAA", "not data:"),
        ("http+unix://%2Ftmp%2Fs/v.mp4", "not http+unix:"),
        ("-https://cdn.example/v.mp4", "starts with '-'"),
        ("https://user:pw@cdn.example/v.mp4", "user name or password"),
        ("https://cdn.example/\u{1B}]52;c;cHduZWQ=\u{07}", "controls"),
        ("https:///v.mp4", "no host"),
    ])
    func oYAndDRefuseWhatIsNotAWebURL(url: String, why: String) {
        let store = GenerationStore()
        store.track(["h0stile"])
        let media = Media(url: url, downloadURL: url)
        store.apply("h0stile", .success(Generation(id: "h0stile", state: .completed, prompt: "p", video: media, videoRaw: media,
                                                   thumbnail: media, lastFrame: media)), at: Samples.now, nextPollAt: nil)
        for (key, said) in [("o", "refused to open the video URL: "), ("y", "refused to copy the video URL: "),
                            ("d", "refused to download h0stile: ")] {
            var state = DashboardState()
            state.selectedID = "h0stile"
            let effects = state.reduce(.char(Character(key)), KeyContext(snapshot: store.snapshot(), now: Samples.now, listHeight: 3))
            #expect(effects.isEmpty, "\(key)")
            let text = state.activeMessage(at: Samples.now)?.text ?? ""
            #expect(text.hasPrefix(said) && text.contains(why), "\(key): \(text)")
            #expect(!text.contains("\u{1B}") && !text.contains("alert") && !text.contains("passwd"), "the URL is never echoed")
            #expect(state.message?.isError == true)
        }
        var state = DashboardState()
        let all = state.reduce(.char("D"), KeyContext(snapshot: store.snapshot(), now: Samples.now, listHeight: 3))
        #expect(all.isEmpty)
        #expect(state.activeMessage(at: Samples.now)?.text.contains("refused 1 whose URL may not leave lumatop") == true)
    }

    @Test func quittingWithDownloadsRunningAsksFirst() {
        let running = [Self.done: DownloadStatus(phase: .running), "esc4pe": DownloadStatus(phase: .queued(position: 1))]
        let (asked, none) = press([.char("q")], downloads: running)
        #expect(none.isEmpty)
        #expect(asked.prompt == .confirmQuit(2))
        #expect(press([.char("q"), .char("y")], downloads: running).1 == [.quit])
        let (kept, stay) = press([.char("q"), .char("n")], downloads: running)
        #expect(stay.isEmpty)
        #expect(kept.prompt == nil)
        #expect(press([.ctrl("c")], downloads: running).1 == [.quit], "Ctrl-C never asks")
        #expect(press([.char("q")]).1 == [.quit])
    }
}

@Suite struct TerminalSequenceTests {
    @Test func osc52CopyBytesExactly() {
        let url = "https://cdn.example/v.mp4"
        let expected: [UInt8] = [0x1B, 0x5D] + Array("52;c;aHR0cHM6Ly9jZG4uZXhhbXBsZS92Lm1wNA==".utf8) + [0x07]
        #expect(Array(TerminalSequence.copy(url).utf8) == expected)
        #expect(TerminalSequence.copyBytes(url, inTmux: false) == TerminalSequence.copy(url))
        // In tmux: the plain one, then the same wrapped for passthrough with its ESC doubled.
        let wrapped: [UInt8] = [0x1B] + Array("Ptmux;".utf8) + [0x1B, 0x1B, 0x5D]
            + Array("52;c;aHR0cHM6Ly9jZG4uZXhhbXBsZS92Lm1wNA==".utf8) + [0x07, 0x1B, 0x5C]
        #expect(Array(TerminalSequence.copyBytes(url, inTmux: true).utf8) == expected + wrapped)
    }

    @Test func notificationsRingAndCarryNoServerEscapes() {
        let bytes = TerminalSequence.notifyBytes(title: "lumatop", body: "abc completed: evil\u{1B}]0;x\u{07};semi", inTmux: false)
        #expect(bytes == "\u{07}\u{1B}]777;notify;lumatop;abc completed: evilsemi\u{07}\u{1B}]9;lumatop: abc completed: evilsemi\u{07}")
    }
}

@Suite struct ProgressLineTests {
    func running(_ received: Int64, of total: Int64?, speed: Double? = nil) -> DownloadStatus {
        DownloadStatus(phase: .running, progress: DownloadProgress(received: received, total: total), bytesPerSecond: speed)
    }

    @Test func everythingWhenThereIsRoom() {
        let text = ProgressLine.text(running(12_300_000, of: 27_100_000, speed: 3_200_000), width: 60)
        #expect(text.hasSuffix("45% 12.3/27.1 MB 3.20 MB/s 5s left"), "\(text)")
        #expect(text.hasPrefix("▕█"))
        #expect(TextWidth.of(text) <= 60)
    }

    @Test func shrinksToAnyWidth() {
        for width in 1...60 {
            let text = ProgressLine.text(running(12_300_000, of: 27_100_000, speed: 3_200_000), width: width)
            #expect(TextWidth.of(text) <= width, "\(width): \(text)")
        }
        // Narrow: the percent stays, and a small bar before it.
        #expect(ProgressLine.text(running(12_300_000, of: 27_100_000, speed: 3_200_000), width: 10) == "▕█▊  ▏ 45%")
        #expect(ProgressLine.text(running(12_300_000, of: 27_100_000, speed: 3_200_000), width: 5) == "45%")
    }

    @Test func unknownSizeQueuedAndFailed() {
        #expect(ProgressLine.text(running(812_000, of: nil), width: 40) == "812 KB")
        #expect(ProgressLine.text(DownloadStatus(phase: .queued(position: 2)), width: 40) == "⋯ queued (2nd in line)")
        #expect(ProgressLine.text(DownloadStatus(phase: .failed("the media host answered HTTP 404")), width: 40)
                == "✖ the media host answered HTTP 404")
    }

    @Test func barShowsEighths() {
        #expect(ProgressLine.bar(0, width: 6) == "▕    ▏")
        #expect(ProgressLine.bar(0.5, width: 6) == "▕██  ▏")
        #expect(ProgressLine.bar(1, width: 6) == "▕████▏")
        #expect(ProgressLine.bar(0.0625, width: 6) == "▕▎   ▏")
    }
}
