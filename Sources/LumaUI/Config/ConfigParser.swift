import Foundation
import LumaKit
import TOMLKit

/// Reads `config.toml`: TOMLKit parses, this checks every key against what lumatop knows. A bad
/// value is a problem at its line and leaves that key at its default; the rest is used.
public enum ConfigParser {
    /// A config is a few lines; anything this large is some other file.
    public static let largest = 256 * 1024

    static let topKeys = ["provider", "base_url", "interval", "max_in_flight", "download_dir", "theme", "preview",
                          "columns", "mouse", "keys"]

    public static func parse(_ text: String, file: String) -> (Config, [ConfigProblem]) {
        var config = Config()
        var problems: [ConfigProblem] = []
        let lines = ConfigLines(text)
        func problem(_ key: String, _ message: String) {
            problems.append(ConfigProblem(file: file, line: lines[key], message: message))
        }
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let error as TOMLParseError {
            let line = max(1, error.source.begin.line)
            return (config, [ConfigProblem(file: file, line: line, message: "not TOML: \(error.description); the defaults are used")])
        } catch {
            return (config, [ConfigProblem(file: file, line: 1, message: "not TOML: \(error); the defaults are used")])
        }
        // The file's own order, so problems come out top to bottom.
        for key in table.keys.sorted(by: { lines[$0] < lines[$1] }) {
            guard let value = table[key] else { continue }
            let read = Reading(key: key, value: value)
            switch key {
            case "provider":
                guard let word = read.string(problem) else { continue }
                guard let provider = Provider(rawValue: word.lowercased()) else {
                    problem(key, "unknown provider \"\(word)\": use " + Provider.allCases.map(\.rawValue).joined(separator: " or "))
                    continue
                }
                config.provider = provider
            case "base_url":
                guard let url = read.string(problem) else { continue }
                do throws(EndpointError) { _ = try ServiceEndpoint(url) } catch { problem(key, "base_url: \(error)"); continue }
                config.baseURL = url
            case "interval":
                guard let seconds = read.number(problem) else { continue }
                guard seconds >= PollPolicy.minimumInterval, seconds.isFinite else {
                    problem(key, "interval must be at least \(Int(PollPolicy.minimumInterval)) second"); continue
                }
                config.interval = seconds
            case "max_in_flight":
                guard let n = read.integer(problem) else { continue }
                guard (1...64).contains(n) else { problem(key, "max_in_flight must be between 1 and 64"); continue }
                config.maxInFlight = n
            case "download_dir":
                guard let dir = read.string(problem) else { continue }
                guard dir.hasPrefix("/") || dir.hasPrefix("~/") else {
                    problem(key, "download_dir must be an absolute path or start with ~/"); continue
                }
                config.downloadDir = dir
            case "theme":
                guard let name = read.string(problem) else { continue }
                guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { problem(key, "theme is empty: name a theme or a file"); continue }
                config.theme = name
            case "preview":
                guard let word = read.string(problem) else { continue }
                do throws(PreviewRequestError) { config.preview = try PreviewRequest(parsing: word) } catch {
                    problem(key, error.description)
                }
            case "columns": config.columns = columns(read, problem)
            case "mouse":
                guard let on = read.value.bool else { problem(key, "mouse must be true or false"); continue }
                config.mouse = on
            case "keys":
                guard let keys = read.value.table else { problem(key, "keys must be a table: [keys] then `action = \"key\"` lines"); continue }
                let (keymap, found) = KeyBindings.read(keys, lines: lines)
                problems += found.map { ConfigProblem(file: file, line: $0.line, message: $0.message) }
                if found.isEmpty { config.keymap = keymap }
            default:
                let near = NearestWord.to(key, among: topKeys).map { " (did you mean \"\($0)\"?)" } ?? ""
                problem(key, "unknown key \"\(key)\"\(near)")
            }
        }
        return (config, problems)
    }

    private static func columns(_ read: Reading, _ problem: (String, String) -> Void) -> [ColumnID]? {
        let names = ColumnID.allCases.map(\.rawValue)
        guard let words = read.strings(problem) else { return nil }
        var chosen: [ColumnID] = []
        for word in words {
            guard let column = ColumnID(rawValue: word.lowercased()) else {
                let near = NearestWord.to(word.lowercased(), among: names).map { "did you mean \"\($0)\"? " } ?? ""
                problem(read.key, "unknown column \"\(word)\": \(near)use some of \(names.joined(separator: ", "))")
                return nil
            }
            guard !chosen.contains(column) else { problem(read.key, "column \"\(word)\" is listed twice"); return nil }
            chosen.append(column)
        }
        guard !chosen.isEmpty else { problem(read.key, "columns is empty: list at least one column"); return nil }
        if let i = chosen.firstIndex(of: .prompt), i != chosen.count - 1 {
            problem(read.key, "prompt takes the rest of the row: put it last")
            return nil
        }
        return chosen
    }
}

/// One value of the file and the key it is under, read as the type the key wants.
struct Reading {
    let key: String
    let value: any TOMLValueConvertible

    func string(_ problem: (String, String) -> Void) -> String? {
        guard let s = value.string else { problem(key, "\(key) must be a string (in quotes)"); return nil }
        return s
    }

    func integer(_ problem: (String, String) -> Void) -> Int? {
        guard let n = value.int else { problem(key, "\(key) must be a whole number"); return nil }
        return n
    }

    func number(_ problem: (String, String) -> Void) -> Double? {
        if let n = value.int { return Double(n) }
        guard let d = value.double else { problem(key, "\(key) must be a number"); return nil }
        return d
    }

    /// A string or a list of strings.
    func strings(_ problem: (String, String) -> Void) -> [String]? {
        if let s = value.string { return [s] }
        guard let array = value.array else { problem(key, "\(key) must be a string or a list of strings"); return nil }
        var out: [String] = []
        for item in array {
            guard let s = item.string else { problem(key, "\(key) must be a string or a list of strings"); return nil }
            out.append(s)
        }
        return out
    }
}
