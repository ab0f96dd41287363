import Testing
import LumaImage

@Suite struct PictureErrorTests {
    @Test func eachRefusalIsOneLineWithItsReason() {
        #expect(PictureError.tooLarge(width: 10_000, height: 6_000).description == "image too large: 10000×6000 pixels")
        #expect(PictureError.corrupt("premature end of data").description == "corrupt image: premature end of data")
    }
}
