import LumaKit

/// Task ids as given on the command line, checked, with a piece of a tracked id (at least
/// `IDPrefix.minimum` characters, as the list shows it) standing for that id, as in the
/// dashboard's `a`. A piece that starts several tracked ids is refused (exit 2). An id that is
/// neither tracked nor the start of one is passed on as it is: `status` and `download` fetch
/// untracked ids, and `track` takes new ones.
func resolveIDs(_ given: [String], in list: TrackedList) throws -> [String] {
    try validateIDs(given)
    if given.isEmpty { return [] }
    let tracked: [String]
    // A list that cannot be read names nothing; the commands that need it say why themselves.
    do { tracked = try list.load { $0.id }.records } catch { return given }
    list.takeNotices().forEach(warn)
    return try resolveIDs(given, among: tracked)
}

/// The same against ids already read.
func resolveIDs(_ given: [String], among tracked: [String]) throws -> [String] {
    try validateIDs(given)
    do throws(IDPrefix.Ambiguous) { return try IDPrefix.resolve(given, among: tracked) } catch {
        throw ConfigurationError(error.description)
    }
}

func validateIDs(_ ids: [String]) throws {
    for id in ids {
        do throws(InvalidTaskID) { try TaskID.validate(id) } catch { throw ConfigurationError("\(error)") }
    }
}

/// Said in the help of every argument that takes ids of tracked generations.
let shortIDHelp = " A tracked id may be cut to its first \(IDPrefix.minimum) or more characters, as the list shows it."
