import Foundation
import LumaKit

/// What the dashboard does besides drawing: downloads, the opener, creating, and news of generations that
/// finish (with `notify` the bell and a desktop notification; with `onComplete` the user's command).
public struct Services: Sendable {
    public var downloads: DownloadQueue
    public var notify: Bool
    public var onComplete: CompletionHook?
    /// The opener's environment (`BROWSER`, `PATH`) and whether we run inside tmux.
    public var environment: [String: String]
    /// The pictures of the detail pane; nil: previews are off and the palette shows.
    public var previews: Previews?
    /// Sends the form's creates and extends; nil: the form says creating is not available.
    public var creator: (any GenerationsCreator)?
    /// Keeps the theme `t` chose (by name) for the next start; nil: nothing is kept.
    public var rememberTheme: (@Sendable (String) -> Void)?
    /// Deletes on the provider (`X`); nil: this provider cannot.
    public var deleter: (any GenerationsDeleter)?

    public init(downloads: DownloadQueue, notify: Bool = false, onComplete: CompletionHook? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment, previews: Previews? = nil,
                creator: (any GenerationsCreator)? = nil) {
        self.downloads = downloads; self.notify = notify; self.onComplete = onComplete; self.environment = environment
        self.previews = previews; self.creator = creator
    }

    var inTmux: Bool { !(environment["TMUX"] ?? "").isEmpty }
}
