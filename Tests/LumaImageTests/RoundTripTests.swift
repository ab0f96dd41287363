import CPNG
import CTurboJPEG
import LumaKit
import Testing
@testable import LumaImage

/// The known picture through each format and back, by our encoders or the libraries'.
@Suite struct RoundTripTests {
    let picture = TestPicture.quadrants()

    @Test func jpegKeepsTheQuadrantColoursAndTheGradient() throws {
        let jpeg = JPEGEncoder.encode(picture, quality: 90)
        #expect(Array(jpeg.prefix(3)) == [0xFF, 0xD8, 0xFF])
        let back = try PictureDecoder.decode(jpeg)
        #expect(back.width == picture.width && back.height == picture.height)
        #expect(TestPicture.quadrantsMatch(back, tolerance: 6))
        let y = picture.height * 5 / 6
        for x in stride(from: 8, to: picture.width - 8, by: 16) {
            let expected = x * 255 / (picture.width - 1)
            #expect(abs(Int(back.pixel(x: x, y: y).g) - expected) <= 8, "gradient at x = \(x)")
        }
    }

    @Test func jpegQualityChangesTheSize() {
        #expect(JPEGEncoder.encode(picture, quality: 30).count < JPEGEncoder.encode(picture, quality: 95).count)
    }

    @Test func pngIsExact() throws {
        let png = PNGEncoder.encode(picture)
        #expect(Array(png.prefix(8)) == Bytes.pngSignature)
        #expect(try PictureDecoder.decode(png) == picture)
    }

    @Test func losslessWebPIsExact() throws {
        let webp = TestPicture.webp(picture, lossless: true)
        #expect(try PictureDecoder.decode(webp) == picture)
    }

    @Test func lossyWebPKeepsTheQuadrantColours() throws {
        let back = try PictureDecoder.decode(TestPicture.webp(picture, lossless: false))
        #expect(back.width == picture.width && back.height == picture.height)
        #expect(TestPicture.quadrantsMatch(back, tolerance: 12))
    }

    @Test func greyJPEGDecodesToRGB() throws {
        let grey = (0..<(64 * 32)).map { i in UInt8(i % 64 < 32 ? 40 : 200) }
        let jpeg = JPEGEncoder.encode(grey, width: 64, height: 32, format: TJPF_GRAY, subsampling: TJSAMP_GRAY, quality: 90)
        let back = try PictureDecoder.decode(jpeg)
        #expect(back.rgb.count == 64 * 32 * 3)
        #expect(TestPicture.close(back.pixel(x: 8, y: 16), RGB(40, 40, 40), 3))
        #expect(TestPicture.close(back.pixel(x: 56, y: 16), RGB(200, 200, 200), 3))
    }

    @Test func cmykJPEGDecodesToRGB() throws {
        // Inverted inks, as Adobe writes them: red is all magenta and yellow, no cyan, no black.
        let inks: [(cmyk: [UInt8], rgb: RGB)] = [
            ([255, 0, 0, 255], RGB(255, 0, 0)), ([0, 255, 255, 255], RGB(0, 255, 255)),
            ([255, 255, 255, 0], RGB(0, 0, 0)), ([255, 255, 255, 128], RGB(128, 128, 128)),
        ]
        // Four vertical bands, each 16 pixels wide.
        var pixels: [UInt8] = []
        for _ in 0..<32 { for band in inks { for _ in 0..<16 { pixels += band.cmyk } } }
        let jpeg = JPEGEncoder.encode(pixels, width: 64, height: 32, format: TJPF_CMYK, subsampling: TJSAMP_444, quality: 95)
        let back = try PictureDecoder.decode(jpeg)
        for (i, band) in inks.enumerated() {
            #expect(TestPicture.close(back.pixel(x: i * 16 + 8, y: 16), band.rgb, 6), "band \(i)")
        }
    }

    @Test func pngTransparencyIsCompositedOntoBlack() throws {
        // Left half opaque red, right half fully transparent white.
        var rgba: [UInt8] = []
        for _ in 0..<8 { for x in 0..<16 { rgba += x < 8 ? [255, 0, 0, 255] : [255, 255, 255, 0] } }
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        image.width = 16; image.height = 8
        image.format = png_uint_32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)
        var size = 0
        _ = png_image_write_to_memory(&image, nil, &size, 0, rgba, 0, nil)
        var png = [UInt8](repeating: 0, count: size)
        #expect(png_image_write_to_memory(&image, &png, &size, 0, rgba, 0, nil) != 0)
        let back = try PictureDecoder.decode(Array(png.prefix(size)))
        #expect(back.pixel(x: 2, y: 4) == RGB(255, 0, 0))
        #expect(back.pixel(x: 12, y: 4) == RGB(0, 0, 0))
    }
}
