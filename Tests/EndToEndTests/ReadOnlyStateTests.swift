import Foundation
import Testing
import TestSupport
import LumaDemo
import LumaKit

/// The dashboard on a state directory it cannot write: it shows the list, polls, says in the title
/// that changes are not kept (and why, until a key), and writes nothing.
@Suite(.drivesTerminal) struct ReadOnlyStateTests {
    let scratch = ScratchDirectory()

    @Test func aReadOnlyStateDirectoryIsShownWithABanner() async throws {
        let script = ScriptedService(apiKey: "e2e-key")
        script.script("kept-job", [.generation(Generation(id: "kept-job", state: .completed, prompt: "from the file"))])
        let server = try script.serve()
        defer { server.stop() }
        let state = scratch.path + "/state"
        #expect(await run([lumatopBinary, "track", "kept-job", "--state-dir", state]).status == 0)
        let stateFile = URL(fileURLWithPath: state + "/lumatop.sqlite3")
        let before = try Data(contentsOf: stateFile)
        let names = try FileManager.default.contentsOfDirectory(atPath: state).sorted()
        let lumatop = try readOnly(state)
        defer { chmod(state, 0o755) }

        let env = ["HOME": scratch.path, "TERM": "tmux-256color", "LANG": "C.UTF-8", "QUICKROUTER_API_KEY": "e2e-key"]
        let t = await Tmux(width: 100, height: 30,
                     command: "\(lumatop) --base-url \(server.baseURL) --state-dir \(state) --interval 1", env: env)
        await t.waitFor(text: "lumatop │ changes not kept │")
        await t.waitFor(text: "from the file")
        let screen = await t.screen()
        #expect(screen.split(separator: "\n").last?.contains("cannot write to \(state)") == true, "\(screen)")
        // Ids added now are watched for this session only.
        await t.keys("a")
        await t.type("new-job")
        await t.keys("Enter")
        await t.waitFor(text: "new-job")
        await t.keys("q")
        await t.waitFor(text: "EXIT=0")
        #expect(try Data(contentsOf: stateFile) == before, "the state file changed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: state).sorted() == names)
    }

    /// Takes write access to `dir` away from the lumatop the test starts; returns how to start it.
    /// Root ignores permission bits, so as root the directory is handed to nobody and a copy of
    /// lumatop (its build folder may be closed to others) runs as nobody through setpriv.
    func readOnly(_ dir: String) throws -> String {
        defer { chmod(dir, 0o555) }
        guard geteuid() == 0 else { return lumatopBinary }
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "running as root needs setpriv")
        let copy = scratch.path + "/lumatop"
        try FileManager.default.copyItem(atPath: lumatopBinary, toPath: copy)
        for path in [dir] + (try FileManager.default.contentsOfDirectory(atPath: dir)).map({ dir + "/" + $0 }) {
            chown(path, 65534, 65534)
        }
        return "/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups \(copy)"
    }
}
