import Foundation
import Testing
import TestSupport
import LumaDemo
import LumaKit

/// The new-generation form in a real terminal: `n`, a prompt, Ctrl-S, `y`, and the new generation
/// appears selected; the server saw exactly one create with that prompt.
@Suite(.drivesTerminal) struct FormEndToEndTests {
    let scratch = ScratchDirectory()
    static let newID = "f0rme2e0-7641-4809-a133-10786201bb56"

    @Test
    func nTypeCtrlSYesCreatesTracksAndSelects() async throws {
        let posts = Locked<[String]>([])
        let id = Self.newID
        let server = DemoServer(handler: { request in
            if request.method == "POST", request.path == "/luma/generations" {
                posts.withLock { $0.append(String(decoding: request.body, as: UTF8.self)) }
                let answer = #"{"id": "\#(id)", "prompt": "a lighthouse in fog", "state": "pending", "video": null}"#
                return .json(201, Data(answer.utf8))
            }
            if request.generationID == "older-job" {
                return .generation(Generation(id: "older-job", state: .completed, prompt: "an older one", createdAt: Date() - 3600))
            }
            if request.generationID == id {
                return .generation(Generation(id: id, state: .processing, prompt: "a lighthouse in fog", aspectRatio: "16:9"))
            }
            return .error(404, message: "task not found")
        })
        try server.start()
        defer { server.stop() }
        let home = scratch.path
        let env = ["HOME": home, "XDG_STATE_HOME": home + "/state", "TERM": "tmux-256color", "LANG": "C.UTF-8",
                   "QUICKROUTER_API_KEY": "e2e-key"]
        let t = await Tmux(width: 120, height: 40,
                           command: "\(lumatopBinary) --base-url \(server.baseURL) --state-dir \(home)/own --interval 1 older-job", env: env)
        await t.waitFor(text: "an older one")
        // Chosen by a key, so the selection moving to the new one is the form's doing.
        await t.keys("j")
        await t.keys("n")
        await t.waitFor(text: "new generation")
        await t.type("a lighthouse in fog")
        await t.keys("C-s")
        await t.waitFor(text: "send this request? (y/n)")
        #expect(await t.screen().contains("POST \(server.baseURL)/luma/generations"))
        #expect(posts.withLock { $0.isEmpty }, "nothing sent before the yes")
        await t.keys("y")
        await t.waitFor(text: "created f0rme2e0")
        await t.waitFor("the new one selected in the detail") { $0.contains("│ id          \(id.prefix(30))") }
        await t.waitFor(text: "◐ processing")
        let bodies = posts.withLock { $0 }
        #expect(bodies.count == 1, "one create")
        #expect(bodies.first?.contains("a lighthouse in fog") == true)
        #expect(await run([lumatopBinary, "list", "--state-dir", home + "/own"]).out.contains(id), "tracked for good")
        await t.keys("q")
        await t.waitFor(text: "EXIT=0")
    }
}
