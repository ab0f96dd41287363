import LumaKit
import Testing
import LumaImage

@Suite struct ResizeTests {
    func uniform(_ c: RGB, _ w: Int, _ h: Int) -> Picture {
        Picture(width: w, height: h, rgb: Array((0..<(w * h)).map { _ in [c.r, c.g, c.b] }.joined()))!
    }

    @Test func aCheckerboardHalvedIsGreyNotAliased() {
        // Black and white pixels alternating: every 2×2 block holds two of each.
        let rgb = (0..<(8 * 8)).flatMap { i -> [UInt8] in
            let v: UInt8 = (i % 8 + i / 8) % 2 == 0 ? 0 : 255
            return [v, v, v]
        }
        let half = Picture(width: 8, height: 8, rgb: rgb)!.resized(width: 4, height: 4)
        #expect(half.rgb.allSatisfy { $0 == 128 })
        #expect(Picture(width: 8, height: 8, rgb: rgb)!.resized(width: 1, height: 1).rgb == [128, 128, 128])
    }

    @Test func quadrantsHalvedKeepTheirColoursExactly() {
        let picture = TestPicture.quadrants(width: 64, height: 96)
        let half = picture.resized(width: 32, height: 48)
        #expect(half.width == 32 && half.height == 48)
        for y in 0..<32 {
            for x in 0..<32 {
                #expect(half.pixel(x: x, y: y) == TestPicture.expected(x: x * 2, y: y * 2, width: 64, strip: 64))
            }
        }
    }

    @Test func partlyCoveredPixelsCountByHowMuch() {
        // Three pixels into two: each new one is one whole old pixel and half of the middle one.
        let row = Picture(width: 3, height: 1, rgb: [0, 0, 0, 255, 255, 255, 0, 0, 0])!
        #expect(row.resized(width: 2, height: 1).rgb == [85, 85, 85, 85, 85, 85])
        let column = Picture(width: 1, height: 3, rgb: [0, 0, 0, 255, 255, 255, 0, 0, 0])!
        #expect(column.resized(width: 1, height: 2).rgb == [85, 85, 85, 85, 85, 85])
    }

    @Test func aUniformPictureStaysUniformAtAnySize() {
        let c = RGB(17, 130, 251)
        for (from, to) in [((37, 23), (10, 7)), ((5, 3), (17, 11)), ((1360, 752), (120, 66)), ((1, 1), (3, 2))] {
            let out = uniform(c, from.0, from.1).resized(width: to.0, height: to.1)
            #expect(out == uniform(c, to.0, to.1), "\(from) → \(to)")
        }
    }

    @Test func upscalingRepeatsPixels() {
        let two = Picture(width: 2, height: 1, rgb: [255, 0, 0, 0, 0, 255])!
        let four = two.resized(width: 4, height: 2)
        #expect(four.pixel(x: 0, y: 1) == RGB(255, 0, 0) && four.pixel(x: 1, y: 0) == RGB(255, 0, 0))
        #expect(four.pixel(x: 2, y: 0) == RGB(0, 0, 255) && four.pixel(x: 3, y: 1) == RGB(0, 0, 255))
    }

    @Test func theSameSizeIsTheSamePicture() {
        let p = TestPicture.quadrants(width: 32, height: 24)
        #expect(p.resized(width: 32, height: 24) == p)
    }

    @Test func fittedKeepsTheAspectInsideTheBox() {
        #expect(uniform(RGB(0, 0, 0), 1360, 752).fitted(inside: 120, 68) == (120, 66))
        #expect(uniform(RGB(0, 0, 0), 752, 1360).fitted(inside: 120, 68) == (38, 68))
        #expect(uniform(RGB(0, 0, 0), 512, 512).fitted(inside: 120, 68) == (68, 68))
        #expect(uniform(RGB(0, 0, 0), 16, 9).fitted(inside: 160, 200) == (160, 90))
        #expect(uniform(RGB(0, 0, 0), 1000, 1).fitted(inside: 10, 10) == (10, 1))
        #expect(uniform(RGB(0, 0, 0), 4, 4).fitted(inside: 0, -3) == (1, 1))
    }
}
