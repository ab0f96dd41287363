import CWebP
import LumaKit

/// WebP through libwebp's advanced decoding API, which scales while decoding.
enum WebPDecoder {
    static func decode(_ bytes: [UInt8], fitting: (width: Int, height: Int)?) throws(PictureError) -> Picture {
        var config = WebPDecoderConfig()
        guard WebPInitDecoderConfig(&config) != 0 else { throw .corrupt("the WebP decoder could not start") }
        let features = bytes.withUnsafeBufferPointer { WebPGetFeatures($0.baseAddress, $0.count, &config.input) }
        let (width, height) = (Int(config.input.width), Int(config.input.height))
        // A VP8X header gives its canvas even when the rest is missing: check it first.
        if width > 0 || height > 0 { try PictureDecoder.checkSize(width: width, height: height) }
        guard features == VP8_STATUS_OK else { throw .corrupt(words(features)) }
        // The first frame alone would need libwebpdemux and could be a blank start: refused.
        guard config.input.has_animation == 0 else { throw .unsupported("animated WebP") }

        let (w, h) = target(width: width, height: height, fitting: fitting)
        if (w, h) != (width, height) {
            config.options.use_scaling = 1
            config.options.scaled_width = Int32(w)
            config.options.scaled_height = Int32(h)
        }
        config.output.colorspace = MODE_RGB
        config.output.is_external_memory = 1
        var status = VP8_STATUS_OK
        let rgb = [UInt8](unsafeUninitializedCapacity: w * h * 3) { out, count in
            config.output.u.RGBA.rgba = out.baseAddress
            config.output.u.RGBA.stride = Int32(w * 3)
            config.output.u.RGBA.size = out.count
            status = bytes.withUnsafeBufferPointer { WebPDecode($0.baseAddress, $0.count, &config) }
            count = status == VP8_STATUS_OK ? out.count : 0
        }
        WebPFreeDecBuffer(&config.output)
        guard status == VP8_STATUS_OK else { throw .corrupt(words(status)) }
        return Picture(width: w, height: h, rgb: rgb)!
    }

    /// The smallest size, aspect kept, that is at least `fitting` on both sides; never larger
    /// than the image.
    static func target(width: Int, height: Int, fitting: (width: Int, height: Int)?) -> (Int, Int) {
        guard let fitting else { return (width, height) }
        // Sides are at most `maxSide`, so these products stay far from overflow.
        let (w, h) = fitting.width * height >= fitting.height * width
            ? (fitting.width, (height * fitting.width + width - 1) / width)
            : ((width * fitting.height + height - 1) / height, fitting.height)
        return w >= width || h >= height ? (width, height) : (max(w, 1), max(h, 1))
    }

    /// libwebp reports a status code only.
    static func words(_ status: VP8StatusCode) -> String {
        switch status {
        case VP8_STATUS_OUT_OF_MEMORY: return "WebP: out of memory"
        case VP8_STATUS_INVALID_PARAM: return "WebP: invalid parameter"
        case VP8_STATUS_BITSTREAM_ERROR: return "WebP: bitstream error"
        case VP8_STATUS_UNSUPPORTED_FEATURE: return "WebP: unsupported feature"
        case VP8_STATUS_NOT_ENOUGH_DATA: return "WebP: not enough data (truncated)"
        default: return "WebP: decoding failed (status \(status.rawValue))"
        }
    }
}
