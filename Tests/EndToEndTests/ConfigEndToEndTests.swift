import Foundation
import GRDB
import Testing
import TestSupport
import LumaDemo
import LumaKit

/// The config file and the remembered theme in a real terminal.
@Suite(.drivesTerminal) struct ConfigEndToEndTests {
    let scratch = ScratchDirectory()

    /// A bad key is said on stderr and in the bottom bar; the good ones are used (`Q` quits, `q`
    /// no longer does).
    @Test func aBadKeyIsSaidAndTheRestIsUsed() async throws {
        let script = ScriptedService(apiKey: "e2e-key")
        let id = "cd34ef56-7641-4809-a133-10786201bb56"
        script.script(id, [.generation(Generation(id: id, state: .completed, prompt: "cat dance"))])
        let server = try script.serve()
        defer { server.stop() }
        let config = scratch.url.appendingPathComponent(".config/lumatop")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try "colour = \"red\"\n[keys]\nquit = \"Q\"\n".write(to: config.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        let env = ["HOME": scratch.path, "TERM": "tmux-256color", "LANG": "C.UTF-8", "QUICKROUTER_API_KEY": "e2e-key"]
        let t = await Tmux(width: 120, height: 30, command: "\(lumatopBinary) --base-url \(server.baseURL) --state-dir \(scratch.path)/bad-config \(id)", env: env)
        // The message stays until a key; then the hint bar shows the user's key.
        await t.waitFor(text: "config: 1 problem (defaults used)")
        await t.keys("q")
        await t.waitFor(text: "Q quit")
        #expect(await !t.screen().contains("EXIT="), "q is no longer quit")
        await t.keys("Q")
        await t.waitFor(text: "EXIT=0")
        // Said on stderr before the dashboard took the screen, and there again once it gave it back.
        let after = await t.screen()
        #expect(after.contains("config.toml:1: unknown key \"colour\""), "\(after)")
    }

    /// The theme `t` chose is used by the next start, from the state database; a config whose
    /// `theme` line changed since wins over it. Seen through `t`: it goes to the theme after the
    /// one the dashboard started with (default, dark, gruvbox, … in the catalog's order).
    @Test func tIsRememberedUntilTheConfigSaysOtherwise() async throws {
        let script = ScriptedService(apiKey: "e2e-key")
        script.script("ab12cd34-7641-4809-a133-10786201bb56", [.generation(Generation(id: "ab12cd34-7641-4809-a133-10786201bb56", state: .completed, prompt: "cat dance"))])
        let server = try script.serve()
        defer { server.stop() }
        let state = scratch.path + "/theme-state"
        let command = "\(lumatopBinary) --base-url \(server.baseURL) --state-dir \(state) ab12cd34-7641-4809-a133-10786201bb56"
        let env = ["HOME": scratch.path, "TERM": "tmux-256color", "LANG": "C.UTF-8", "QUICKROUTER_API_KEY": "e2e-key"]

        func session(_ presses: [String]) async {
            let t = await Tmux(width: 100, height: 30, command: command, env: env)
            await t.waitFor(text: "ab12cd34-7641-4809-a133-10786201bb56")
            for shown in presses {
                await t.keys("t")
                await t.waitFor(text: "theme: \(shown)")
            }
            await t.keys("q")
            await t.waitFor(text: "EXIT=0")
        }
        await session(["dark"])
        #expect(try remembered(state) == "dark")
        // Started with dark, so the next is the default.
        await session(["default"])
        // A config theme set after that choice is the newer word: it wins.
        let config = scratch.url.appendingPathComponent(".config/lumatop")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try "theme = \"gruvbox\"\n".write(to: config.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        await session(["default", "dark"])
        // And the choice made under that config line is kept again.
        await session(["default"])
    }

    func remembered(_ state: String) throws -> String? {
        try DatabaseQueue(path: state + "/lumatop.sqlite3").read { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE name = 'theme'")
        }
    }
}
