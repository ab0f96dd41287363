import LumaKit
import Testing
@testable import LumaImage

/// `fitting` makes the libraries decode smaller, never below the size asked for.
@Suite struct ScaledDecodeTests {
    /// The size of Luma's thumbnails.
    static let jpeg = JPEGEncoder.encode(TestPicture.quadrants(width: 1360, height: 752))

    @Test func jpegForACellPreviewDecodesAtAnEighth() throws {
        let p = try PictureDecoder.decode(Self.jpeg, fitting: (width: 120, height: 68))
        // 1/8 is TurboJPEG's smallest factor: 1360/8 and 752/8, rounded up.
        #expect(p.width == 170 && p.height == 94)
        #expect(TestPicture.quadrantsMatch(p, tolerance: 6))
    }

    @Test func jpegTakesTheSmallestFactorThatStillFits() throws {
        // 2/8 would give 340 wide, short of 400: 3/8 is the smallest that fits.
        let p = try PictureDecoder.decode(Self.jpeg, fitting: (width: 400, height: 200))
        #expect(p.width == 510 && p.height == 282)
        let factor = JPEGDecoder.scalingFactor(width: 1360, height: 752, fitting: (width: 400, height: 200))
        #expect(factor.num * 8 == factor.denom * 3)
    }

    @Test func jpegLargerThanAskedStaysFullSize() throws {
        let p = try PictureDecoder.decode(Self.jpeg, fitting: (width: 2000, height: 2000))
        #expect(p.width == 1360 && p.height == 752)
        #expect(try PictureDecoder.decode(Self.jpeg).width == 1360)
    }

    @Test func webpDecodesScaledKeepingTheAspect() throws {
        let webp = TestPicture.webp(TestPicture.quadrants(width: 680, height: 376), lossless: false)
        let p = try PictureDecoder.decode(webp, fitting: (width: 120, height: 68))
        // The height binds: 68 high, and 680·68/376 rounded up wide.
        #expect(p.width == 123 && p.height == 68)
        #expect(TestPicture.quadrantsMatch(p, tolerance: 12))
    }

    @Test func webpSmallerThanAskedIsNotEnlarged() throws {
        let webp = TestPicture.webp(TestPicture.quadrants(width: 64, height: 48), lossless: true)
        let p = try PictureDecoder.decode(webp, fitting: (width: 120, height: 68))
        #expect(p == TestPicture.quadrants(width: 64, height: 48))
    }

    @Test func pngDecodesWholeWhateverTheFit() throws {
        let picture = TestPicture.quadrants(width: 256, height: 144)
        #expect(try PictureDecoder.decode(PNGEncoder.encode(picture), fitting: (width: 16, height: 9)) == picture)
    }
}
