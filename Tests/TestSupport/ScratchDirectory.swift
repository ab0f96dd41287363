import Foundation

/// A fresh temporary directory for one test, removed when the test lets go of it.
public final class ScratchDirectory: Sendable {
    public let url: URL
    public var path: String { url.path }

    public init(_ prefix: String = "lumatop-test") {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
