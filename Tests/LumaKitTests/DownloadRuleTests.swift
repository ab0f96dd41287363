import Foundation
import Testing
@testable import LumaKit

/// The one decision on whether a video may be fetched now.
@Suite struct DownloadRuleTests {
    func answer(_ state: GenerationState, url: String? = "https://cdn.example/v.mp4") -> Generation {
        var g = Generation(id: "a", state: state)
        if let url { g.video = Media(url: url, downloadURL: url) }
        return g
    }

    @Test func onlyACompletedAnswerWithAWebURLIsDue() throws {
        let url = try WebURL("https://cdn.example/v.mp4")
        #expect(DownloadRule.verdict(answer(.completed), savedPath: nil, status: nil) == .due(url, forgetSaved: false))
        #expect(DownloadRule.verdict(answer(.processing), savedPath: nil, status: nil) == .notFinished("processing"))
        #expect(DownloadRule.verdict(nil, savedPath: nil, status: nil) == .notFinished("unknown"))
        #expect(DownloadRule.verdict(answer(.completed, url: nil), savedPath: nil, status: nil) == .noURL)
        guard case .refused = DownloadRule.verdict(answer(.completed, url: "file:///etc/passwd"), savedPath: nil, status: nil) else {
            Issue.record("a file URL must be refused")
            return
        }
    }

    @Test func aDownloadUnderWayIsNotStartedTwiceButAFailedOneIs() throws {
        let g = answer(.completed)
        #expect(DownloadRule.verdict(g, savedPath: nil, status: DownloadStatus(phase: .queued(position: 1))) == .queued)
        #expect(DownloadRule.verdict(g, savedPath: nil, status: DownloadStatus(phase: .running)) == .running)
        #expect(DownloadRule.verdict(g, savedPath: nil, status: DownloadStatus(phase: .failed("x"))) == .due(try WebURL("https://cdn.example/v.mp4"), forgetSaved: false))
    }

    @Test func aSavedFileIsLookedForOnDisk() throws {
        let g = answer(.completed)
        #expect(DownloadRule.verdict(g, savedPath: "/saved.mp4", status: nil, fileExists: { _ in true }) == .alreadySaved("/saved.mp4"))
        #expect(DownloadRule.verdict(g, savedPath: "/saved.mp4", status: nil, fileExists: { _ in false })
            == .due(try WebURL("https://cdn.example/v.mp4"), forgetSaved: true))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rule-\(UUID().uuidString)")
        try Data().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(DownloadRule.verdict(g, savedPath: file.path, status: nil) == .alreadySaved(file.path))
    }

    /// For a tracked generation the word is its condition (a 404 says "not found", not "unknown").
    @Test func trackedGenerationsSayTheirCondition() {
        var t = TrackedGeneration(id: "a", firstSeen: Date())
        t.lastError = .notFound
        #expect(DownloadRule.verdict(t, status: nil) == .notFinished(t.condition.word))
    }
}
