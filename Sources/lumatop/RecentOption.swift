import ArgumentParser
import LumaKit

/// `--recent N`: how many of the account's most recent generations the dashboard and `status`
/// show besides the tracked ones (the Luma API only).
struct RecentOption: ParsableArguments {
    @Option(help: ArgumentHelp("With --provider luma: also show the account's N most recent generations, untracked (0: none).",
                               valueName: "N"))
    var recent: Int = AccountList.defaultLimit

    func validate() throws {
        guard (0...LumaClient.longestList).contains(recent) else {
            throw ValidationError("--recent must be between 0 and \(LumaClient.longestList)")
        }
    }
}
