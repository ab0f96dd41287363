import Foundation
import Testing

/// Waits until `condition` holds, checking at `every` seconds and sleeping in between without
/// holding a thread; records an issue naming `what` after `timeout` seconds.
@discardableResult
public func eventually(timeout: TimeInterval = 30, every: TimeInterval = 0.02, _ what: String = "condition",
                       sourceLocation: SourceLocation = #_sourceLocation,
                       _ condition: () async throws -> Bool) async rethrows -> Bool {
    let end = Date() + timeout
    while Date() < end {
        if try await condition() { return true }
        try? await Task.sleep(for: .seconds(every))
    }
    if try await condition() { return true }
    Issue.record("timed out waiting for \(what)", sourceLocation: sourceLocation)
    return false
}

/// The blocking form, for tests that are not async: it holds one of the few threads of the
/// cooperative pool while it waits, so prefer the async form (async code gets it).
@_disfavoredOverload
@discardableResult
public func eventually(timeout: TimeInterval = 30, _ what: String = "condition",
                       sourceLocation: SourceLocation = #_sourceLocation, _ condition: () -> Bool) -> Bool {
    let end = Date() + timeout
    while Date() < end {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    if condition() { return true }
    Issue.record("timed out waiting for \(what)", sourceLocation: sourceLocation)
    return false
}
