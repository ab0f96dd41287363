import CTurboJPEG
import LumaKit

/// JPEG through libjpeg-turbo's TurboJPEG API: errors come back as -1 with a message, no longjmp.
enum JPEGDecoder {
    static func decode(_ bytes: [UInt8], fitting: (width: Int, height: Int)?) throws(PictureError) -> Picture {
        guard let handle = tjInitDecompress() else { throw .corrupt("the JPEG decoder could not start") }
        defer { tjDestroy(handle) }
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        let header = bytes.withUnsafeBufferPointer {
            tjDecompressHeader3(handle, $0.baseAddress, UInt($0.count), &width, &height, &subsampling, &colorspace)
        }
        guard header == 0 else { throw .corrupt(message(handle)) }
        try PictureDecoder.checkSize(width: Int(width), height: Int(height))

        let factor = scalingFactor(width: Int(width), height: Int(height), fitting: fitting)
        let w = scaled(Int(width), factor), h = scaled(Int(height), factor)
        // TurboJPEG does not turn CMYK into RGB (that takes a colour manager): it hands the inks
        // over and the plain formula below does the rest.
        let cmyk = colorspace == Int32(TJCS_CMYK.rawValue) || colorspace == Int32(TJCS_YCCK.rawValue)
        let format = cmyk ? TJPF_CMYK : TJPF_RGB
        let channels = cmyk ? 4 : 3
        // A warning (a truncated file is one) stops the decoder and counts as damage: a preview is
        // never shown half drawn. LIMITSCANS refuses progressive files built to take forever.
        let flags = TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS
        var status: Int32 = -1
        let pixels = [UInt8](unsafeUninitializedCapacity: w * h * channels) { out, count in
            status = bytes.withUnsafeBufferPointer { src in
                tjDecompress2(handle, src.baseAddress, UInt(src.count), out.baseAddress,
                              Int32(w), 0, Int32(h), Int32(format.rawValue), flags)
            }
            count = status == 0 ? out.count : 0
        }
        guard status == 0 else { throw .corrupt(message(handle)) }
        return Picture(width: w, height: h, rgb: cmyk ? rgb(fromInvertedCMYK: pixels) : pixels)!
    }

    /// The smallest of the library's scaling factors (at most 1) that keeps both sides at least
    /// `fitting`'s; 1/1 without `fitting`.
    static func scalingFactor(width: Int, height: Int, fitting: (width: Int, height: Int)?) -> tjscalingfactor {
        var best = tjscalingfactor(num: 1, denom: 1)
        guard let fitting else { return best }
        var count: Int32 = 0
        guard let factors = tjGetScalingFactors(&count) else { return best }
        for f in UnsafeBufferPointer(start: factors, count: Int(count)) where f.num < f.denom {
            let smaller = Int(f.num) * Int(best.denom) < Int(best.num) * Int(f.denom)
            if smaller, scaled(width, f) >= fitting.width, scaled(height, f) >= fitting.height { best = f }
        }
        return best
    }

    /// TJSCALED: a side after scaling, rounded up.
    static func scaled(_ side: Int, _ f: tjscalingfactor) -> Int {
        (side * Int(f.num) + Int(f.denom) - 1) / Int(f.denom)
    }

    /// Adobe's CMYK JPEGs store inverted inks (255 = none), the convention browsers assume for
    /// every CMYK JPEG; with no colour profile, RGB is the ink left times the black left.
    static func rgb(fromInvertedCMYK cmyk: [UInt8]) -> [UInt8] {
        let n = cmyk.count / 4
        return [UInt8](unsafeUninitializedCapacity: n * 3) { out, count in
            cmyk.withUnsafeBufferPointer { src in
                for i in 0..<n {
                    let k = UInt32(src[i * 4 + 3])
                    for c in 0..<3 { out[i * 3 + c] = UInt8((UInt32(src[i * 4 + c]) * k + 127) / 255) }
                }
            }
            count = n * 3
        }
    }

    static func message(_ handle: tjhandle) -> String {
        tjGetErrorStr2(handle).map { String(cString: $0) } ?? "unknown JPEG error"
    }
}

/// Pictures into JPEG, for the demo's thumbnails and last frames.
public enum JPEGEncoder {
    /// Baseline JPEG, 4:2:0 chroma, `quality` from 1 to 100.
    public static func encode(_ picture: Picture, quality: Int = 85) -> [UInt8] {
        encode(picture.rgb, width: picture.width, height: picture.height, format: TJPF_RGB,
               subsampling: TJSAMP_420, quality: quality)
    }

    /// Any pixel format TurboJPEG reads (grey and CMYK too): what the tests make odd JPEGs with.
    static func encode(_ pixels: [UInt8], width: Int, height: Int, format: TJPF, subsampling: TJSAMP,
                       quality: Int) -> [UInt8] {
        guard let handle = tjInitCompress() else { preconditionFailure("TurboJPEG could not start a compressor") }
        defer { tjDestroy(handle) }
        var jpeg: UnsafeMutablePointer<UInt8>? = nil
        var size: UInt = 0
        let status = pixels.withUnsafeBufferPointer {
            tjCompress2(handle, $0.baseAddress, Int32(width), 0, Int32(height), Int32(format.rawValue), &jpeg, &size,
                        Int32(subsampling.rawValue), Int32(min(max(quality, 1), 100)), TJFLAG_ACCURATEDCT)
        }
        defer { tjFree(jpeg) }
        // A valid Picture always compresses; failing here means the library is broken.
        guard status == 0, let jpeg else { preconditionFailure("tjCompress2: \(JPEGDecoder.message(handle))") }
        return Array(UnsafeBufferPointer(start: jpeg, count: Int(size)))
    }
}
