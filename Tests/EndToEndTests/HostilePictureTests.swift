import Foundation
import Testing
import TestSupport
import LumaDemo
import LumaImage
import LumaKit

/// `lumatop preview` against pictures a hostile or broken host serves: each refused with its
/// one-line reason, exit 1, nothing of the host's bytes reaching the terminal as control.
@Suite(.drivesTerminal) struct HostilePictureTests {
    let scratch = ScratchDirectory()

    static func picture() -> Data {
        var rgb: [UInt8] = []
        for i in 0..<(64 * 36) { rgb += [UInt8(i % 256), 90, 200] }
        return Data(JPEGEncoder.encode(Picture(width: 64, height: 36, rgb: rgb)!))
    }

    /// The JPEG with its frame header claiming 65000×65000 pixels.
    static func huge() -> Data {
        var bytes = [UInt8](picture())
        let sof = (0..<bytes.count - 9).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 }!
        for offset in [5, 7] { bytes[sof + offset] = 0xFD; bytes[sof + offset + 1] = 0xE8 }
        return Data(bytes)
    }

    @Test func everyHostilePictureIsRefusedWithItsReason() async throws {
        let good = Self.picture()
        let cases: [(id: String, type: String, body: Data, says: String)] = [
            ("huge", "image/jpeg", Self.huge(), "image too large: 65000×65000 pixels"),
            ("cut", "image/jpeg", good.prefix(good.count / 2), "corrupt image:"),
            ("page", "text/html", Data("<html>login</html>".utf8), "not an image: text/html"),
            ("gif", "image/jpeg", Data("GIF89a".utf8) + Data(repeating: 0, count: 64), "not an image lumatop shows: GIF"),
            // A C1 CSI and a right-to-left override: HTTP servers refuse C0 controls in a header.
            ("evil", "text/x\u{9B}2J\u{202E}pwned", good, "not an image: text/x"),
            ("big", "image/jpeg", Data(repeating: 0xFF, count: 10 << 20 + 1), "larger than 10 MiB"),
        ]
        let images = DemoServer { request in
            guard let c = cases.first(where: { "/\($0.id)" == request.path }) else { return .text(404, "none", contentType: "text/plain") }
            return DemoResponse(status: 200, headers: [("Content-Type", c.type)], body: c.body)
        }
        _ = try images.start()
        defer { images.stop() }
        let script = ScriptedService(apiKey: "e2e-key")
        for c in cases {
            var g = Generation(id: c.id, state: .completed, prompt: "hostile \(c.id)")
            g.thumbnail = Media(url: images.baseURL + "/" + c.id, width: 64, height: 36)
            script.script(c.id, [.generation(g)])
        }
        let api = try script.serve()
        defer { api.stop() }

        let env = ["HOME": scratch.path, "TERM": "tmux-256color", "LANG": "C.UTF-8", "QUICKROUTER_API_KEY": "e2e-key"]
        let runs = cases.map { c in
            "\(lumatopBinary) preview --mode cells --base-url \(api.baseURL) --state-dir \(scratch.path)/state \(c.id); echo \"\(c.id) EXIT=$?\""
        }.joined(separator: "; ")
        let t = await Tmux(width: 200, height: 30, command: runs, env: env)
        await t.waitFor(text: "big EXIT=", timeout: 60)
        let screen = await t.screen()
        for c in cases {
            let said = screen.split(separator: "\n").first { $0.contains("lumatop:") && $0.contains(c.says) }
            #expect(said != nil, "\(c.id): \(screen)")
            #expect(screen.contains("\(c.id) EXIT=1"), "\(c.id)")
        }
        #expect(!screen.contains("\u{9B}") && !screen.contains("\u{202E}"), "the host's controls never reach the terminal")
    }
}
