import Foundation
import Testing
import TestSupport
import LumaKit

/// `lumatop config` and the config file as the real binary reads it.
@Suite(.startsProcesses) struct ConfigCommandTests {
    /// Where the sandbox's config file goes (HOME/.config, as with no XDG_CONFIG_HOME).
    func writeConfig(_ text: String, in sandbox: Sandbox) throws -> URL {
        let dir = sandbox.home.appendingPathComponent(".config/lumatop")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("config.toml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test func theReadmeShowsTheExampleVerbatim() async throws {
        let sandbox = try Sandbox()
        let run = await runLumatop(["config", "--default"], env: sandbox.env())
        #expect(run.status == 0, describe(run))
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../README.md").standardizedFileURL, encoding: .utf8)
        let start = try #require(readme.range(of: "<!-- config-example -->\n```toml\n"))
        let end = try #require(readme.range(of: "```\n<!-- /config-example -->", range: start.upperBound..<readme.endIndex))
        #expect(String(readme[start.upperBound..<end.lowerBound]) == run.stdout)
    }

    /// The example passes the check (uncommented, it is the defaults: ConfigParserTests).
    @Test func theExamplePassesTheCheck() async throws {
        let sandbox = try Sandbox()
        let example = await runLumatop(["config", "--default"], env: sandbox.env()).stdout
        let path = sandbox.file("example.toml").path
        try example.write(toFile: path, atomically: true, encoding: .utf8)
        let asPrinted = await runLumatop(["config", "--check", path], env: sandbox.env())
        #expect(asPrinted.status == 0 && asPrinted.stdout == "\(path): ok\n", describe(asPrinted))
        #expect(example.contains("\n# [keys]\n") && example.contains("\n# quit = "), "every setting is in it")
    }

    @Test func checkReportsEachProblemAtItsLineAndExitsOne() async throws {
        let sandbox = try Sandbox()
        let file = try writeConfig("# mine\ninterval = 0\nthemes = \"dark\"\n[keys]\nquit = \"j\"\n", in: sandbox)
        let run = await runLumatop(["config", "--check"], env: sandbox.env())
        #expect(run.status == 1, describe(run))
        #expect(run.lines == [
            "\(file.path):2: interval must be at least 1 second",
            "\(file.path):3: unknown key \"themes\" (did you mean \"theme\"?)",
            "\(file.path):5: quit: j is also bound to down, whose default it is (rebind down to free it)",
        ], describe(run))
        let broken = sandbox.file("broken.toml").path
        try "mouse = true\nmouse = false\n".write(toFile: broken, atomically: true, encoding: .utf8)
        let twice = await runLumatop(["config", "--check", broken], env: sandbox.env())
        #expect(twice.status == 1 && twice.stdout.hasPrefix("\(broken):2: not TOML:"), describe(twice))
    }

    @Test func noConfigFileIsFineANamedMissingOneIsNot() async throws {
        let sandbox = try Sandbox()
        let none = await runLumatop(["config", "--check"], env: sandbox.env())
        #expect(none.status == 0 && none.stdout.contains("not there, so every key has its default"), describe(none))
        let missing = await runLumatop(["config", "--check", sandbox.file("nope.toml").path], env: sandbox.env())
        #expect(missing.status == 1 && missing.stdout.contains("no such file"), describe(missing))
        let both = await runLumatop(["config", "--check", "--default"], env: sandbox.env())
        #expect(both.status == 2, describe(both))
    }

    /// The file's base_url and max_in_flight reach a real command; the command line still wins;
    /// a bad key is said on stderr and the rest is used.
    @Test func theFileIsUsedAndTheCommandLineWins() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        server.script.script("cfg-1", [answer("cfg-1", .completed)])
        _ = try writeConfig("base_url = \"\(server.baseURL)\"\nmax_in_flight = 2\ncolour = \"red\"\n", in: sandbox)
        let run = await runLumatop(["status", "--json", "cfg-1"], env: sandbox.env())
        #expect(run.status == 0, describe(run))
        #expect(server.requestedIDs == ["cfg-1"], "the config's base URL was asked")
        #expect(run.stderr.contains("config.toml:3: unknown key \"colour\""), describe(run))
        // The flag wins: a closed port answers nothing, so the request fails.
        let flag = await runLumatop(["status", "--json", "--base-url", "http://127.0.0.1:1", "cfg-1"], env: sandbox.env())
        #expect(flag.status == 1 && server.requestedIDs == ["cfg-1"], describe(flag))
    }

    /// `download` saves into the config's download_dir, `~/` meaning the home directory.
    @Test func downloadUsesTheConfigsFolder() async throws {
        let sandbox = try Sandbox()
        let video = Data("not really a video".utf8)
        let media = try MediaFiles(["one.mp4": video])
        let server = try ScriptedServer()
        server.script.script("conf-0001", [completed("conf-0001", prompt: "kept", rawURL: media.url("one.mp4"), videoURL: media.url("one.mp4"))])
        _ = try writeConfig("download_dir = \"~/Videos/luma\"\n", in: sandbox)
        let run = await runLumatop(["download", "--base-url", server.baseURL, "conf-0001"],
                                   env: sandbox.env(["XDG_DOWNLOAD_DIR": sandbox.file("xdg").path]))
        let saved = sandbox.home.appendingPathComponent("Videos/luma/conf-000-kept.mp4")
        #expect(run.status == 0 && run.lines == [saved.path], describe(run))
        #expect(try Data(contentsOf: saved) == video)
    }
}
