import Foundation
import Testing
@testable import LumaKit
@testable import LumaUI

/// A store holding one generation of every kind the screen must show, at a fixed time.
enum Samples {
    static let now = Date(timeIntervalSince1970: 1_800_000_000) // 2027-01-15 08:00:00 UTC
    static let utc = TimeZone(identifier: "UTC")!

    static func palette(_ seed: UInt8) -> Palette {
        try! Palette(colors: (0..<25).map { i in RGB(UInt8(i * 10) &+ seed, 120, UInt8(250 - i * 9)) })
    }

    static func completed(_ id: String, prompt: String, palette: Palette?) -> Generation {
        var g = Generation(id: id, state: .completed, prompt: prompt, aspectRatio: "16:9", createdAt: now - 600)
        g.video = Media(url: "https://cdn.example/\(id)/video.mp4", width: 1360, height: 752,
                        downloadURL: "https://cdn.example/\(id)/video.mp4?dl=1")
        g.videoRaw = Media(url: "https://cdn.example/\(id)/raw.mp4", width: 1360, height: 752, duration: 5.041667)
        g.thumbnail = Media(url: "https://cdn.example/\(id)/thumb.jpg", palette: palette)
        g.lastFrame = Media(url: "https://cdn.example/\(id)/last.jpg")
        return g
    }

    /// Every state, CJK and emoji, escapes, a long prompt, a null palette, errors.
    static func store() -> GenerationStore {
        let clock = Locked(now - 900)
        let store = GenerationStore(now: { clock.current })
        func add(_ id: String, at offset: TimeInterval, _ result: Result<Generation, APIError>...) {
            clock.withLock { $0 = now - offset }
            store.track([id])
            for r in result { store.apply(id, r, at: now - offset + 30, nextPollAt: nil) }
        }
        add("c0mpleted-0000-4809-a133-10786201bb56", at: 800, .success(completed("c0mpleted-0000-4809-a133-10786201bb56", prompt: "cat dance", palette: palette(3))))
        add("pr0cessing-cjk", at: 700, .success(Generation(id: "pr0cessing-cjk", state: .processing, prompt: "一段海边日落的视频，电影感", aspectRatio: "9:16", createdAt: now - 700)))
        add("pend1ng-emoji", at: 600, .success(Generation(id: "pend1ng-emoji", state: .pending, prompt: "neon koi fish 🐟 in a night market 🏮", aspectRatio: "1:1", createdAt: now - 600)))
        var failed = Generation(id: "fa1led-xyz", state: .failed, prompt: "a forbidden prompt", aspectRatio: "4:3", createdAt: now - 500)
        failed.failureReason = "content moderation: prompt rejected"
        add("fa1led-xyz", at: 500, .success(failed))
        add("dream1ng", at: 400, .success(Generation(id: "dream1ng", state: .unknown("dreaming"), prompt: "an unknown state word", createdAt: now - 400)))
        add("m1ssing-id", at: 300, .failure(.notFound))
        add("retry1ng", at: 200, .success(Generation(id: "retry1ng", state: .processing, prompt: "server trouble")), .failure(.server(status: 502)))
        add("esc4pe", at: 150, .success(completed("esc4pe", prompt: "evil\u{1B}[2J\u{1B}]0;pwned\u{07} prompt\twith\ttabs\nand lines", palette: nil)))
        add("l0ng-prompt", at: 100, .success(Generation(id: "l0ng-prompt", state: .processing, prompt: String(repeating: "a very long prompt about lighthouses and storms ", count: 6), aspectRatio: "16:9", createdAt: now - 100)))
        store.updateStatus { $0.lastSuccessAt = now - 2 }
        return store
    }
}

/// Text of a buffer, then a style layer: one letter per cell naming its style, and a legend.
func snapshotText(_ buffer: Buffer) -> String {
    var legend: [Style: Character] = [:]
    var order: [Style] = []
    let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    var styleRows: [String] = []
    for y in 0..<buffer.height {
        var row = ""
        for x in 0..<buffer.width {
            let s = buffer[x, y].style
            if s == .plain { row.append("."); continue }
            if legend[s] == nil {
                legend[s] = order.count < letters.count ? letters[order.count] : "*"
                order.append(s)
            }
            row.append(legend[s]!)
        }
        styleRows.append(row)
    }
    let frame = String(repeating: "─", count: buffer.width)
    return buffer.lines.map { "│" + $0 + "│" }.joined(separator: "\n")
        + "\n" + frame + "\n" + styleRows.joined(separator: "\n") + "\n" + frame + "\n"
        + order.map { "\(legend[$0]!) = \(describe($0))" }.joined(separator: "\n") + "\n"
}

func describe(_ s: Style) -> String {
    func c(_ c: Color) -> String {
        switch c {
        case .default: "default"
        case .indexed(let i): "\(i)"
        case .rgb(let r, let g, let b): RGB(r, g, b).hex
        }
    }
    var parts = ["fg \(c(s.foreground))", "bg \(c(s.background))"]
    if s.bold { parts.append("bold") }
    if s.dim { parts.append("dim") }
    if s.underline { parts.append("underline") }
    if s.reverse { parts.append("reverse") }
    return parts.joined(separator: " ")
}

/// Compares with `Snapshots/NAME.txt`; `LUMATOP_RECORD=1 swift test` writes them anew.
func assertSnapshot(_ buffer: Buffer, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots/\(name).txt")
    let actual = snapshotText(buffer)
    if ProcessInfo.processInfo.environment["LUMATOP_RECORD"] == "1" {
        try? actual.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("no snapshot \(name).txt: run LUMATOP_RECORD=1 swift test", sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
        Issue.record("""
            snapshot \(name) differs at line \(line + 1):
            expected: \(line < e.count ? String(e[line]) : "<end>")
            actual:   \(line < a.count ? String(a[line]) : "<end>")
            """, sourceLocation: sourceLocation)
    }
}
