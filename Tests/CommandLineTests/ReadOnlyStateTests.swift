import Foundation
import Testing
import TestSupport
import LumaDemo
import LumaKit
#if canImport(Glibc)
import Glibc
#endif

/// A state directory lumatop cannot write: reading commands work and warn, nothing is written,
/// writing commands fail clearly.
@Suite(.startsProcesses) struct ReadOnlyStateTests {
    @Test func listAndStatusReadAReadOnlyStateDirectory() async throws {
        let sandbox = try Sandbox()
        let server = try ScriptedServer()
        let dir = ["--state-dir", sandbox.stateDir.path]
        server.script.script("B", [answer("B", .completed)])
        server.script.script("C", [answer("C", .processing, prompt: "cat dance")])
        // Tracked and fetched once while the directory could be written.
        #expect(await runLumatop(["track", "B", "C"] + dir, env: sandbox.env()).status == 0)
        let first = await runLumatop(["status", "--base-url", server.baseURL] + dir, env: sandbox.env())
        #expect(first.status == 0, describe(first))
        #expect(!first.stderr.contains("not kept"), describe(first))

        let lumatop = try readOnly(sandbox.stateDir, in: sandbox)
        defer { chmod(sandbox.stateDir.path, 0o755) }
        let stateFile = sandbox.database
        let before = try Data(contentsOf: stateFile)
        let names = try FileManager.default.contentsOfDirectory(atPath: sandbox.stateDir.path).sorted()

        let list = await runLumatop(["list"] + dir, env: sandbox.env(), command: lumatop)
        #expect(list.status == 0, describe(list))
        #expect(list.lines.contains { $0.hasPrefix("B") && $0.contains("completed") }, describe(list))
        #expect(list.lines.contains { $0.hasPrefix("C") && $0.contains("processing") }, describe(list))
        #expect(list.stderr.contains("changes are not kept"), describe(list))
        #expect(!list.stdout.contains("not kept"), "the warning goes to stderr: \(describe(list))")

        let json = await runLumatop(["list", "--json"] + dir, env: sandbox.env(), command: lumatop)
        #expect(jsonObjects(json).compactMap { $0["id"] as? String } == ["B", "C"], describe(json))

        server.script.script("C", [answer("C", .completed, prompt: "cat dance")])
        let status = await runLumatop(["status", "--json", "--base-url", server.baseURL] + dir, env: sandbox.env(),
                                      command: lumatop)
        #expect(status.status == 0, describe(status))
        #expect(jsonObjects(status).compactMap { $0["state"] as? String } == ["completed", "completed"], describe(status))
        #expect(status.stderr.contains("changes are not kept"), describe(status))
        #expect(!status.stderr.contains("could not save"), describe(status))

        // A writing command says why it cannot.
        let track = await runLumatop(["track", "D"] + dir, env: sandbox.env(), command: lumatop)
        #expect(track.status == 2, describe(track))
        #expect(track.stderr.contains(sandbox.stateDir.path), describe(track))

        #expect(try Data(contentsOf: stateFile) == before, "the state file changed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.stateDir.path).sorted() == names)
    }
}

/// Takes write access to `dir` away from the lumatop a test starts, and returns the command that
/// starts it. Root ignores permission bits, so as root the directory is handed to nobody and a
/// copy of lumatop (its build folder may be closed to others) runs as nobody through setpriv.
func readOnly(_ dir: URL, in sandbox: Sandbox) throws -> [String]? {
    defer { chmod(dir.path, 0o555) }
    guard geteuid() == 0 else { return nil }
    let setpriv = "/usr/bin/setpriv"
    try #require(FileManager.default.isExecutableFile(atPath: setpriv), "running as root needs setpriv (util-linux)")
    let copy = sandbox.file("lumatop")
    try FileManager.default.copyItem(at: try #require(LumatopBinary.url), to: copy)
    for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
        chown(dir.appendingPathComponent(name).path, 65534, 65534)
    }
    chown(dir.path, 65534, 65534)
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", copy.path]
}
