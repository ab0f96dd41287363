import Foundation
import Testing
@testable import LumaKit
@testable import LumaRuntime
@testable import LumaUI

/// The engine's news walks the same road as keys: inbox → action → reduce → effects → frame.
@Suite struct NewsTests {
    /// A generation that finishes while we watch is announced once; with --notify the bell and a
    /// notification go to the terminal; with --on-complete the command runs.
    @Test func aFinishAnnouncesRingsAndRunsTheHook() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("hook-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let hook = CompletionHook(command: "echo \"$LUMATOP_ID $LUMATOP_STATE\" >> '\(out.path)'", environment: ["PATH": "/usr/bin:/bin"])
        let d = Dashboard(notify: true, hook: hook)
        let listening = d.runtime.listen()
        defer { listening.forEach { $0.cancel() } }
        var g = try #require(d.engine.store.snapshot()[Dashboard.processing]?.generation)
        g.state = .completed
        d.engine.store.apply(g.id, .success(g), at: Date(), nextPollAt: nil)
        await eventually("the announcement") { d.turn(); return d.screen.contains("\(g.id.prefix(8)) completed: prompt of pr0c") }
        let body = "\(g.id.prefix(8)) completed: prompt of pr0c"
        #expect(d.terminal.emitted == [TerminalSequence.notifyBytes(title: "lumatop", body: body, inTmux: false)])
        hook.waitForAll()
        #expect(try String(contentsOf: out, encoding: .utf8) == "\(g.id) completed\n")
        // The same answer again is no news.
        d.engine.store.apply(g.id, .success(g), at: Date(), nextPollAt: nil)
        d.turn()
        #expect(d.terminal.emitted.count == 1)
    }

    /// News is a change seen while we watch: an id on the list from the start whose first answer
    /// is finished is not; an id tracked later whose first answer is finished is.
    @Test func firstAnswersOfIDsTrackedBeforeAndAfter() async throws {
        let d = Dashboard(notify: true)
        let before = "b4fore00-0000-4809-a133-10786201bb56", after = "aft3r000-0000-4809-a133-10786201bb56"
        d.engine.store.track([before])
        let listening = d.runtime.listen()
        defer { listening.forEach { $0.cancel() } }
        d.engine.store.apply(before, .success(Generation(id: before, state: .completed)), at: Date(), nextPollAt: nil)
        d.engine.store.track([after])
        d.engine.store.apply(after, .success(Generation(id: after, state: .failed)), at: Date(), nextPollAt: nil)
        await eventually("the announcement") { d.turn(); return d.screen.contains("aft3r000 failed") }
        #expect(d.terminal.emitted.count == 1, "one alert, for the id tracked later")
        #expect(!d.screen.contains("b4fore00 completed"))
    }

    /// A download saved by the queue is kept with its generation and said in the bottom bar.
    @Test func aSavedDownloadIsRecordedAndSaid() {
        let d = Dashboard()
        let file = URL(fileURLWithPath: "/tmp/x/video.mp4")
        d.runtime.inbox.post(.download(.saved(Dashboard.completed, file)))
        d.turn()
        #expect(d.engine.store.snapshot()[Dashboard.completed]?.savedPath == file.path)
        #expect(d.screen.contains("saved c0mplete → /tmp/x/video.mp4"))
    }

    /// `d` on a generation whose saved file is still there says so and fetches nothing; once the
    /// file is gone, the detail says so and `d` fetches it again.
    @Test func alreadySavedIsDecidedOnce() throws {
        let d = Dashboard()
        let file = d.folder.appendingPathComponent("saved.mp4")
        try FileManager.default.createDirectory(at: d.folder, withIntermediateDirectories: true)
        try Data("video".utf8).write(to: file)
        d.engine.store.recordSaved(Dashboard.completed, path: file.path)
        d.press(.char("d"))
        #expect(d.screen.contains("already saved: \(file.path)"))
        #expect(d.runtime.services.downloads.snapshot().isEmpty)
        try FileManager.default.removeItem(at: file)
        d.press(.char("D"))
        #expect(d.screen.contains("queued 1 download"))
        #expect(d.engine.store.snapshot()[Dashboard.completed]?.savedPath == nil, "the deleted file's path is forgotten")
    }

    @Test func aNoticeFromAnotherThreadShows() {
        let d = Dashboard()
        d.runtime.inbox.post("could not save: disk full", isError: true)
        d.turn()
        #expect(d.screen.contains("could not save: disk full"))
    }

    /// Quitting with downloads running asks first; `n` keeps the dashboard.
    @Test func quitWithADownloadRunningAsks() {
        let d = Dashboard()
        d.press(.char("d"))
        guard d.runtime.services.downloads.snapshot()[Dashboard.completed]?.isActive == true else { return }
        d.press(.char("q"))
        #expect(d.running)
        #expect(d.screen.contains("quit"))
        d.press(.char("n"))
        #expect(d.running)
        d.press(.char("q"), .char("y"))
        #expect(!d.running)
    }

    /// A resize is passed to the terminal and the next frame has the new size.
    @Test func resizeDrawsAtTheNewSize() {
        let d = Dashboard(width: 100, height: 30)
        d.terminal.size = (130, 40)
        d.terminal.send(.resize)
        d.turn()
        #expect(d.terminal.sizeChanges == 1)
        #expect(d.terminal.frames.last?.width == 130)
        #expect(d.terminal.screen == d.terminal.frames.last)
    }

    /// Unchanged frames write nothing; a moved selection writes a few cells, not the screen.
    @Test func onlyChangedCellsAreWritten() {
        let d = Dashboard()
        d.turn()
        let first = d.terminal.lastWrites
        d.turn()
        // Two turns, in case a second of the clock turned during one.
        #expect(min(first, d.terminal.lastWrites) == 0)
        d.press(.down)
        #expect(d.terminal.lastWrites > 0 && d.terminal.lastWrites < 100 * 30 / 2)
        #expect(d.terminal.screen == d.terminal.frames.last)
    }
}
