import Foundation

/// Where a video is saved: `<short id>-<ASCII slug of the prompt, ≤ 40>.mp4` in the download
/// folder. Never a name or path from the server, and never over an existing file.
public enum DownloadName {
    public static let slugLimit = 40

    /// Lower-case ASCII letters and digits; every other run becomes one `-`.
    public static func slug(_ prompt: String?) -> String {
        var out = ""
        for scalar in (prompt ?? "").unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                out.unicodeScalars.append(Unicode.Scalar(UInt8(scalar.value)).properties.lowercaseMapping.unicodeScalars.first!)
            } else if !out.hasSuffix("-") {
                out += "-"
            }
            if out.count >= slugLimit + 1 { break }
        }
        var slug = String(out.prefix(slugLimit))
        while slug.hasPrefix("-") { slug.removeFirst() }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug
    }

    /// The file to write. An unfinished `.part` of the same name is resumed; a finished file is
    /// never overwritten (`-1`, `-2`, … are tried instead). Names in `taken` (downloads in flight)
    /// are skipped, so two ids sharing a short id never write one `.part`.
    public static func file(id: String, prompt: String?, in directory: URL, taken: Set<String> = []) -> URL {
        let short = String(id.prefix(8)).filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        let s = slug(prompt)
        let base = s.isEmpty ? short : "\(short)-\(s)"
        let fm = FileManager.default
        for n in 0..<10_000 {
            let name = n == 0 ? "\(base).mp4" : "\(base)-\(n).mp4"
            let url = directory.appendingPathComponent(name)
            if taken.contains(url.path) { continue }
            if fm.fileExists(atPath: url.path + ".part") { return url }
            if !fm.fileExists(atPath: url.path) { return url }
        }
        return directory.appendingPathComponent("\(base)-\(UUID().uuidString.prefix(8)).mp4")
    }

    /// `$XDG_DOWNLOAD_DIR/lumatop`, else `~/Downloads/lumatop`.
    public static func defaultDirectory(environment env: [String: String]) -> URL {
        if let xdg = env["XDG_DOWNLOAD_DIR"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("lumatop")
        }
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent("Downloads/lumatop")
    }
}
