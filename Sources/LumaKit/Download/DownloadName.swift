import Foundation

/// Where a video is saved: `<short id>-<ASCII slug of the prompt, ≤ 40>.mp4` in the download
/// folder. Never a name or path from the server, and never over an existing file.
public enum DownloadName {
    public static let slugLimit = 40

    /// Lower-case ASCII letters and digits; every other run becomes one `-`. A longer one is cut
    /// after the last whole word that fits; a single word longer than the limit is cut in it.
    public static func slug(_ prompt: String?) -> String {
        var out = ""
        for scalar in (prompt ?? "").unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                out.unicodeScalars.append(Unicode.Scalar(UInt8(scalar.value)).properties.lowercaseMapping.unicodeScalars.first!)
            } else if !out.isEmpty && !out.hasSuffix("-") {
                out += "-"
            }
            if out.count >= slugLimit + 1 { break }
        }
        var slug = Substring(out)
        if slug.count > slugLimit {
            let fits = slug.prefix(slugLimit)
            // The character past the limit ends a word: every word in `fits` is whole.
            let wordEnds = slug.dropFirst(slugLimit).first == "-"
            if !wordEnds, let boundary = fits.lastIndex(of: "-") { slug = fits[..<boundary] } else { slug = fits }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return String(slug)
    }

    /// Where a download of `id` goes.
    public enum Placement: Hashable, Sendable {
        /// Write here (its `.part`, resumed when it is this id's).
        case write(URL)
        /// This id was saved here already, and the file is still there.
        case alreadySaved(URL)
    }

    /// The file to write. An unfinished `.part` of this id (or of no known id) is resumed; a
    /// finished file is never overwritten (`-1`, `-2`, … are tried instead), and one marked as
    /// this id's is reported saved. Names in `taken` (downloads in flight) are skipped, so two ids
    /// sharing a short id never write one `.part`.
    public static func place(id: String, prompt: String?, in directory: URL, taken: Set<String> = []) -> Placement {
        let short = String(id.prefix(8)).filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        let s = slug(prompt)
        let base = s.isEmpty ? short : "\(short)-\(s)"
        let first = directory.appendingPathComponent("\(base).mp4")
        for n in 0..<10_000 {
            let url = numbered(first, n)
            if taken.contains(url.path) { continue }
            let part = url.path + ".part"
            if exists(part) {
                let owner = FileTag.id.read(atPath: part)
                if owner == nil || owner == id { return .write(url) }
                continue
            }
            if !exists(url.path) { return .write(url) }
            if FileTag.id.read(atPath: url.path) == id { return .alreadySaved(url) }
        }
        return .write(directory.appendingPathComponent("\(base)-\(UUID().uuidString.prefix(8)).mp4"))
    }

    /// `NAME.mp4` for 0, else `NAME-n.mp4`.
    static func numbered(_ file: URL, _ n: Int) -> URL {
        guard n > 0 else { return file }
        let name = file.deletingPathExtension().lastPathComponent
        return file.deletingLastPathComponent().appendingPathComponent("\(name)-\(n).\(file.pathExtension)")
    }

    /// Whatever is there, a symbolic link included.
    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
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
