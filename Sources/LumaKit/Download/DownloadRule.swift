import Foundation

/// Whether a generation's video may be fetched now: decided here once, for the dashboard's `d`
/// and `D` and for `lumatop download`. The callers phrase the answer; they do not decide it.
public enum DownloadVerdict: Hashable, Sendable {
    /// Fetch it from this URL; `forgetSaved` when a file saved before has been deleted since.
    case due(WebURL, forgetSaved: Bool)
    /// Not completed: its state word.
    case notFinished(String)
    case noURL
    case refused(RefusedURL)
    /// Saved before, and the file is still there.
    case alreadySaved(String)
    case queued
    case running
}

public enum DownloadRule {
    /// The one look at the disk for "already saved".
    public static func savedFileExists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// For a tracked generation (the dashboard), with its place in the download queue if any.
    public static func verdict(_ g: TrackedGeneration, status: DownloadStatus?,
                               fileExists: (String) -> Bool = savedFileExists) -> DownloadVerdict {
        guard g.state == .completed else { return .notFinished(g.conditionWord) }
        return verdict(g.generation, savedPath: g.savedPath, status: status, fileExists: fileExists)
    }

    /// For an answer and the path it was saved at, if any.
    public static func verdict(_ answer: Generation?, savedPath: String?, status: DownloadStatus?,
                               fileExists: (String) -> Bool = savedFileExists) -> DownloadVerdict {
        guard let answer, answer.state == .completed else { return .notFinished(answer?.stateWord ?? "unknown") }
        guard let text = answer.downloadURL else { return .noURL }
        let url: WebURL
        do throws(RefusedURL) { url = try WebURL(text) } catch { return .refused(error) }
        switch status?.phase {
        case .queued?: return .queued
        case .running?: return .running
        case .failed?, nil: break
        }
        if let savedPath {
            if fileExists(savedPath) { return .alreadySaved(savedPath) }
            return .due(url, forgetSaved: true)
        }
        return .due(url, forgetSaved: false)
    }
}
