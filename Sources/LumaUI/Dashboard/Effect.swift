import Foundation
import LumaKit

/// What happens in the dashboard: a key, or news from the engine. Every one goes through
/// `DashboardState.reduce`.
public enum Action: Sendable {
    case key(Key)
    /// A click or a turn of the wheel.
    case mouse(MouseEvent)
    /// A message from outside the keys (a save failed, a file was set aside); `untilKey` keeps
    /// it until a key is pressed.
    case notice(String, isError: Bool, untilKey: Bool = false)
    /// A line for the log alone (a generation moved from one state to another): the bar is kept
    /// for what needs the eye.
    case logged(String)
    /// A generation finished while we watched.
    case finished(Announcement)
    /// The download queue's news.
    case download(DownloadEvent)
    /// What a create or extend sent from the form came to.
    case created(GenerationOrder, Result<Created, CreateFailure>)
    /// An order that could not leave at all, and why.
    case notSent(GenerationOrder, String)
    /// What a delete on the provider came to: nil, done; else why not.
    case deleted(String, error: String?)
}

/// One download to start: decided by `DownloadRule`, carried out by the runtime.
public struct DownloadOrder: Hashable, Sendable {
    public var id: String
    public var url: WebURL
    public var prompt: String?
    /// The file saved before was deleted: the store forgets its path first.
    public var forgetSaved: Bool

    public init(id: String, url: WebURL, prompt: String?, forgetSaved: Bool) {
        self.id = id; self.url = url; self.prompt = prompt; self.forgetSaved = forgetSaved
    }
}

/// What the runtime must do after an action. Returned, never performed here.
public enum Effect: Hashable, Sendable {
    case track([String])
    case untrack(String)
    case refresh(String)
    case refreshAll
    case resumePolling
    case nextTheme
    /// Use the theme of this name (`:theme`).
    case setTheme(String)
    /// Start these downloads, in order.
    case download([DownloadOrder])
    /// Cancel a queued or running download (or forget a failed one).
    case cancelDownload(String)
    /// Only a URL that passed the rule for leaving lumatop.
    case open(WebURL)
    case copy(WebURL)
    /// Keep where a generation's video was saved (nil: forget it).
    case recordSaved(String, path: String?)
    /// Ring the bell and send a desktop notification with this text.
    case alert(String)
    /// Run the `--on-complete` command for this id.
    case runHook(String)
    /// Send a create or extend, off the main thread, once; its outcome comes back as `.created`.
    case create(GenerationOrder)
    /// Track a generation just created; `extends` is the one it continues.
    case trackCreated(String, extends: String?)
    /// Delete a generation on the provider, off the main thread; the outcome comes back as `.deleted`.
    case delete(String)
    case quit
}

/// What a key needs to know besides the state.
public struct KeyContext: Sendable {
    public var snapshot: StoreSnapshot
    public var now: Date
    /// Rows the list shows at once (for paging).
    public var listHeight: Int
    /// Downloads queued, running or failed, by id.
    public var downloads: [String: DownloadStatus]
    /// Help lines the screen shows at once (`HelpOverlay.visibleLines`).
    public var helpLines: Int
    /// What turns the form's order into a request, for the form to show; nil: no creating here.
    public var creator: (any GenerationsCreator)?
    /// The themes `:theme` can choose, by name.
    public var themeNames: [String] = []
    /// Whether the provider can delete generations (`X`).
    public var deletes = false
    /// The terminal's columns and rows, to tell what a click is on (0: unknown, no click lands).
    public var screenWidth = 0, screenHeight = 0
    /// Whether a saved file is still there (tests give their own).
    public var savedFileExists: @Sendable (String) -> Bool = DownloadRule.savedFileExists

    public init(snapshot: StoreSnapshot, now: Date, listHeight: Int, downloads: [String: DownloadStatus] = [:],
                helpLines: Int = .max) {
        self.snapshot = snapshot; self.now = now; self.listHeight = max(1, listHeight); self.downloads = downloads
        self.helpLines = max(1, helpLines)
    }

    /// What `DownloadRule` says of `g` now.
    func verdict(_ g: TrackedGeneration) -> DownloadVerdict {
        DownloadRule.verdict(g, status: downloads[g.id], fileExists: savedFileExists)
    }
}
