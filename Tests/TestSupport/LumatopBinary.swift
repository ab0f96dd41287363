import Foundation

/// The built `lumatop` next to the test bundle, in the products directory of the build that is
/// running these tests (works for any `--scratch-path`). `LUMATOP_BINARY` overrides.
public enum LumatopBinary {
    public static let url: URL? = locate()

    /// The path, or one that names the problem when a test runs a missing binary.
    public static var path: String { url?.path ?? "/lumatop-binary-not-found-set-LUMATOP_BINARY" }

    private static func locate() -> URL? {
        let fm = FileManager.default
        if let path = ProcessInfo.processInfo.environment["LUMATOP_BINARY"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        var starts: [URL] = []
        if let exe = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.append(URL(fileURLWithPath: exe).deletingLastPathComponent())
        }
        if let exe = Bundle.main.executableURL { starts.append(exe.deletingLastPathComponent()) }
        starts.append(Bundle.main.bundleURL)
        for bundle in Bundle.allBundles + Bundle.allFrameworks where bundle.bundlePath.contains(".xctest") {
            starts.append(bundle.bundleURL.deletingLastPathComponent())
        }
        if let arg0 = CommandLine.arguments.first, arg0.contains("/") {
            starts.append(URL(fileURLWithPath: arg0).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        // From each start, look in it and a few parents (macOS nests the runner inside the bundle).
        for start in starts {
            var dir = start.standardizedFileURL
            for _ in 0..<4 {
                let candidate = dir.appendingPathComponent("lumatop")
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue,
                   fm.isExecutableFile(atPath: candidate.path) {
                    return candidate
                }
                dir = dir.deletingLastPathComponent()
            }
        }
        return nil
    }
}

public struct LumatopNotFound: Error, CustomStringConvertible {
    public init() {}
    public var description: String {
        "the lumatop binary was not found next to the test bundle (\(Bundle.main.bundlePath)); set LUMATOP_BINARY"
    }
}
