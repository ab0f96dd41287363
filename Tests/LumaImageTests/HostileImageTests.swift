import LumaKit
import Testing
@testable import LumaImage

/// Outside bytes are hostile: each one is refused with its reason, none is shown half drawn.
@Suite struct HostileImageTests {
    static let picture = TestPicture.quadrants()

    func refusal(_ bytes: [UInt8]) -> PictureError? {
        do { _ = try PictureDecoder.decode(bytes); return nil } catch { return error }
    }

    func isCorrupt(_ error: PictureError?) -> Bool {
        if case .corrupt(let why)? = error { return !why.isEmpty }
        return false
    }

    // MARK: headers claiming too much, with no pixels behind them

    @Test func pngWhoseHeaderClaimsSixtyMegapixels() {
        let ihdr = Bytes.be32(10_000) + Bytes.be32(6_000) + [8, 2, 0, 0, 0]
        let png = Bytes.pngSignature + Bytes.pngChunk("IHDR", ihdr) + Bytes.pngChunk("IDAT", [0x78, 0x9C, 0, 0])
            + Bytes.pngChunk("IEND", [])
        #expect(refusal(png) == .tooLarge(width: 10_000, height: 6_000))
    }

    @Test func jpegWhoseFrameHeaderClaims65000Squared() throws {
        var jpeg = JPEGEncoder.encode(Self.picture)
        let sof = try #require((0..<jpeg.count - 1).first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 })
        // FF C0, length (2), precision (1), then height and width, big-endian.
        for at in [sof + 5, sof + 7] { jpeg[at] = 0xFD; jpeg[at + 1] = 0xE8 }
        #expect(refusal(jpeg) == .tooLarge(width: 65_000, height: 65_000))
    }

    @Test func webpWhoseCanvasIs16383Squared() {
        // RIFF, WEBP, a VP8X chunk: flags, then canvas width - 1 and height - 1 in 24 bits each.
        let vp8x = Array("VP8X".utf8) + Bytes.le32(10) + [0, 0, 0, 0] + Bytes.le24(16_382) + Bytes.le24(16_382)
        let body = Array("WEBP".utf8) + vp8x
        let webp = Array("RIFF".utf8) + Bytes.le32(body.count) + body
        #expect(refusal(webp) == .tooLarge(width: 16_383, height: 16_383))
    }

    @Test func animatedWebPIsRefusedWithItsReason() {
        // VP8X with the animation flag, a 100×100 canvas, and its ANIM chunk.
        let vp8x = Array("VP8X".utf8) + Bytes.le32(10) + [0x02, 0, 0, 0] + Bytes.le24(99) + Bytes.le24(99)
        let anim = Array("ANIM".utf8) + Bytes.le32(6) + [0, 0, 0, 0, 0, 0]
        let body = Array("WEBP".utf8) + vp8x + anim
        #expect(refusal(Array("RIFF".utf8) + Bytes.le32(body.count) + body) == .unsupported("animated WebP"))
    }

    @Test func sidesAreCheckedWithoutOverflow() {
        #expect(throws: PictureError.tooLarge(width: Int.max, height: 3)) {
            try PictureDecoder.checkSize(width: Int.max, height: 3)
        }
        #expect(throws: PictureError.tooLarge(width: 100_000, height: 1)) {
            try PictureDecoder.checkSize(width: 100_000, height: 1)
        }
    }

    // MARK: truncated and damaged

    @Test func truncatedJPEGIsCorruptNotHalfDrawn() {
        // Cut in the middle of the scan: libjpeg-turbo calls that a warning and would draw the rest grey.
        let jpeg = ScaledDecodeTests.jpeg
        let error = refusal(Array(jpeg.prefix(jpeg.count / 2)))
        #expect(error?.description == "corrupt image: Premature end of JPEG file", "\(String(describing: error))")
        // Cut before the scan, the error is the structure's.
        let small = JPEGEncoder.encode(Self.picture)
        #expect(isCorrupt(refusal(Array(small.prefix(small.count / 2)))))
    }

    @Test func truncatedPNGIsCorrupt() {
        let png = PNGEncoder.encode(Self.picture)
        #expect(isCorrupt(refusal(Array(png.prefix(png.count / 2)))))
    }

    @Test func truncatedWebPIsCorrupt() {
        for lossless in [true, false] {
            let webp = TestPicture.webp(Self.picture, lossless: lossless)
            #expect(isCorrupt(refusal(Array(webp.prefix(webp.count / 2)))), "lossless: \(lossless)")
        }
    }

    @Test func pngWithAFlippedByteInItsDataIsCorrupt() throws {
        let png = PNGEncoder.encode(Self.picture)
        let idat = try #require(Bytes.pngChunkOffset(png, "IDAT"))
        let length = png[idat..<idat + 4].reduce(0) { $0 << 8 | Int($1) }
        // In the compressed data zlib may notice first; in the checksum itself, only the CRC can.
        var data = png, crc = png
        data[idat + 8 + 10] ^= 0x01
        crc[idat + 8 + length] ^= 0x01
        #expect(isCorrupt(refusal(data)))
        #expect(refusal(crc) == .corrupt("IDAT: CRC error"))
    }

    @Test func jpegWithItsScanOverwrittenIsCorrupt() throws {
        var jpeg = JPEGEncoder.encode(Self.picture)
        let sos = try #require((0..<jpeg.count - 1).first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xDA })
        // A marker that cannot appear inside entropy-coded data.
        jpeg[sos + 40] = 0xFF; jpeg[sos + 41] = 0xD8
        #expect(isCorrupt(refusal(jpeg)))
    }

    @Test func zeroWidthIsRefused() {
        let ihdr = Bytes.be32(0) + Bytes.be32(6) + [8, 2, 0, 0, 0]
        let png = Bytes.pngSignature + Bytes.pngChunk("IHDR", ihdr) + Bytes.pngChunk("IEND", [])
        #expect(isCorrupt(refusal(png)))
    }

    // MARK: not a picture lumatop decodes

    @Test func otherBytesAreUnsupportedByName() {
        var seed: UInt64 = 0x1234_5678
        let random = (0..<4096).map { _ -> UInt8 in
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: seed >> 56)
        }
        #expect(refusal(random) == .unsupported("unknown bytes"))
        #expect(refusal([]) == .unsupported("empty"))
        #expect(refusal(Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0]) == .unsupported("GIF"))
        #expect(refusal(Array("\n  <!DOCTYPE html><html><body>502 Bad Gateway</body></html>".utf8)) == .unsupported("HTML"))
        #expect(refusal(Array("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8)) == .unsupported("SVG"))
        #expect(refusal([0, 0, 0, 0x1C] + Array("ftypavif".utf8) + [0, 0, 0, 0]) == .unsupported("AVIF"))
        #expect(refusal([0, 0, 0, 0x18] + Array("ftypheic".utf8) + [0, 0, 0, 0]) == .unsupported("HEIF"))
        #expect(refusal(Array("{\"error\":\"not found\"}".utf8)) == .unsupported("JSON"))
        #expect(refusal(Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt ".utf8)) == .unsupported("unknown bytes"))
    }

    @Test func jpegMagicAloneIsCorruptNotACrash() {
        #expect(isCorrupt(refusal([0xFF, 0xD8, 0xFF])))
        #expect(isCorrupt(refusal(Bytes.pngSignature)))
        #expect(isCorrupt(refusal(Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBP".utf8))))
    }
}
