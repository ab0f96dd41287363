import CPNG
import LumaKit

/// PNG through libpng's simplified API (png_image_*), which catches libpng's longjmp itself and
/// reports through `image.message`.
enum PNGDecoder {
    /// Transparent pixels are composited onto black, the colour of most terminals' background.
    static let background = png_color(red: 0, green: 0, blue: 0)

    /// The simplified API decodes at full size only, so memory here is bounded by the header
    /// check: at most `maxPixels` × 3 bytes for the picture, plus libpng's row buffers.
    static func decode(_ bytes: [UInt8]) throws(PictureError) -> Picture {
        // libpng keeps the pointer between the two calls: both happen while the bytes are pinned.
        let result: Result<Picture, PictureError> = bytes.withUnsafeBytes { memory in
            var image = png_image()
            image.version = png_uint_32(PNG_IMAGE_VERSION)
            defer { png_image_free(&image) }
            guard png_image_begin_read_from_memory(&image, memory.baseAddress, memory.count) != 0 else {
                return .failure(.corrupt(message(image)))
            }
            let (width, height) = (Int(image.width), Int(image.height))
            do throws(PictureError) { try PictureDecoder.checkSize(width: width, height: height) } catch { return .failure(error) }
            image.format = png_uint_32(PNG_FORMAT_RGB)
            var background = background
            var finished: Int32 = 0
            let rgb = [UInt8](unsafeUninitializedCapacity: width * height * 3) { out, count in
                finished = png_image_finish_read(&image, &background, out.baseAddress, 0, nil)
                count = finished != 0 ? out.count : 0
            }
            // Warnings (a known-bad colour profile and the like) still give the whole picture.
            guard finished != 0 else { return .failure(.corrupt(message(image))) }
            return .success(Picture(width: width, height: height, rgb: rgb)!)
        }
        return try result.get()
    }

    static func message(_ image: png_image) -> String {
        let text = withUnsafeBytes(of: image.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return text.isEmpty ? "unreadable PNG" : text
    }
}

/// Pictures into PNG: lossless, for terminals whose graphics protocols take PNG.
public enum PNGEncoder {
    public static func encode(_ picture: Picture) -> [UInt8] {
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        image.width = png_uint_32(picture.width)
        image.height = png_uint_32(picture.height)
        image.format = png_uint_32(PNG_FORMAT_RGB)
        defer { png_image_free(&image) }
        return picture.rgb.withUnsafeBytes { pixels in
            // One pass into room for the worst case (stored deflate blocks, a filter byte a row,
            // the chunks); measuring first would compress everything twice.
            let room = pixels.count + picture.height + pixels.count / 64 + 4096
            let png = [UInt8](unsafeUninitializedCapacity: room) { out, count in
                var written = room
                let ok = png_image_write_to_memory(&image, out.baseAddress, &written, 0, pixels.baseAddress, 0, nil)
                // A valid Picture always encodes; failing here means the library is broken.
                precondition(ok != 0 && written <= room, "png_image_write_to_memory: \(PNGDecoder.message(image))")
                count = written
            }
            return png
        }
    }
}
