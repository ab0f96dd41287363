import Foundation
import LumaImage
import LumaKit

/// A thumbnail the size of Luma's (1360×752, quality 85) made into the picture a 60×17 cell
/// preview draws from (120×68, 2×4 pixels a cell): decoded scaled by TurboJPEG, then the box
/// filter. Time per preview, and the memory one holds.
func previewFigures() throws -> [Figure] {
    let (width, height) = (1360, 752)
    var rgb = [UInt8](repeating: 0, count: width * height * 3)
    for y in 0..<height {
        for x in 0..<width {
            let i = (y * width + x) * 3
            rgb[i] = UInt8(x * 255 / (width - 1)); rgb[i + 1] = UInt8(y * 255 / (height - 1)); rgb[i + 2] = UInt8((x + y) % 256)
        }
    }
    let jpeg = JPEGEncoder.encode(Picture(width: width, height: height, rgb: rgb)!, quality: 85)
    // The peer (bench/peer/preview.py) decodes the very same file.
    if let path = ProcessInfo.processInfo.environment["LUMATOP_BENCH_JPEG"] {
        FileManager.default.createFile(atPath: path, contents: Data(jpeg))
    }
    let box = (width: 120, height: 68)
    func preview() -> Picture {
        guard let decoded = try? PictureDecoder.decode(jpeg, fitting: box) else { preconditionFailure("the bench JPEG did not decode") }
        return decoded.resized(width: box.width, height: box.height)
    }

    for _ in 0..<20 { _ = preview() }
    var ms: [Double] = []
    var checksum = 0
    for _ in 0..<300 {
        let t0 = Probe.nanos()
        checksum &+= Int(preview().rgb[0])
        ms.append(Double(Probe.nanos() - t0) / 1e6)
    }
    precondition(checksum >= 0)

    // Memory: the peak while one preview is made, and the resident growth of 100 kept.
    Probe.resetPeakRSS()
    let peakBefore = Probe.peakRSS()
    let one = preview()
    let peakGrowth = Probe.peakRSS() - peakBefore
    let residentBefore = Probe.status("VmRSS") ?? 0
    let kept = (0..<100).map { _ in preview() }
    let perPreview = ((Probe.status("VmRSS") ?? 0) - residentBefore) / 100
    precondition(kept.count == 100)

    let sorted = ms.sorted()
    return try PreviewPipeline.figures(jpeg: jpeg) + [
        Figure(name: "preview.decodeScale", value: sorted[sorted.count / 2], unit: "ms/preview (median)"),
        Figure(name: "preview.decodeScale.min", value: sorted.first!, unit: "ms/preview"),
        Figure(name: "preview.decodeScale.max", value: sorted.last!, unit: "ms/preview"),
        Figure(name: "preview.jpegBytes", value: Double(jpeg.count) / 1024, unit: "KiB"),
        Figure(name: "preview.pictureBytes", value: Double(one.rgb.count) / 1024, unit: "KiB/picture held"),
        Figure(name: "preview.residentPerPicture", value: perPreview, unit: "KiB/picture held (RSS)"),
        Figure(name: "preview.peakGrowth", value: peakGrowth * 1024, unit: "KiB while decoding one"),
    ]
}
