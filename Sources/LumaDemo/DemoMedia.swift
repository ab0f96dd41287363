import Foundation

/// The demo's media files: deterministic bytes that start like an MP4 or a JPEG, and answers that
/// honour `Range` as real media hosts do.
enum DemoMedia {
    static func bytes(id: String, file: String) -> Data {
        // A stable seed (FNV-1a), so a download resumed after a restart gets the same bytes.
        var seed: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in "\(id)/\(file)".utf8 { seed = (seed ^ UInt64(byte)) &* 0x100_0000_01B3 }
        var rng = SplitMix64(seed: seed)
        let image = file.hasSuffix(".jpg")
        let size = image ? 48 * 1024 : 1_500_000 + Int(rng.next() % 4) * 250_000
        var data = Data(image ? [0xFF, 0xD8, 0xFF, 0xE0] : [0, 0, 0, 0x18] + Array("ftypisom".utf8))
        data.reserveCapacity(size)
        while data.count < size {
            withUnsafeBytes(of: rng.next()) { data.append(contentsOf: $0.prefix(size - data.count)) }
        }
        return data
    }

    /// 200 with the whole body, or 206 from the start a `Range: bytes=N-` asks for.
    static func respond(_ body: Data, range: String?, type: String) -> DemoResponse {
        if let range, range.hasPrefix("bytes="), let start = Int(range.dropFirst(6).split(separator: "-").first ?? ""),
           start < body.count {
            return DemoResponse(status: 206, headers: [("Content-Type", type),
                                                        ("Content-Range", "bytes \(start)-\(body.count - 1)/\(body.count)")],
                                body: body.subdata(in: start..<body.count))
        }
        return DemoResponse(status: 200, headers: [("Content-Type", type), ("Accept-Ranges", "bytes")], body: body)
    }
}
