import Foundation
import LumaImage
import LumaKit

/// The demo's thumbnails and last frames: real JPEGs, made at start of use by our own encoder
/// call, whose colours are the generation's palette, so a preview can be checked against it.
enum DemoPictures {
    private static let made = Locked([String: Data]())

    /// The palette as a 5×5 mosaic, `width` × `height`; the last frame is the mosaic turned
    /// (rows become columns), so the two differ at a glance.
    static func jpeg(id: String, file: String, palette: Palette, width: Int, height: Int) -> Data {
        let key = "\(id)/\(file)"
        if let data = made.withLock({ $0[key] }) { return data }
        let data = Data(JPEGEncoder.encode(mosaic(palette, width: width, height: height,
                                                  turned: file.contains("last_frame")), quality: 90))
        made.withLock { $0[key] = data }
        return data
    }

    static func mosaic(_ palette: Palette, width: Int, height: Int, turned: Bool) -> Picture {
        let side = Palette.side
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            let row = y * side / height
            for x in 0..<width {
                let col = x * side / width
                let c = turned ? palette[col, row] : palette[row, col]
                let i = (y * width + x) * 3
                rgb[i] = c.r; rgb[i + 1] = c.g; rgb[i + 2] = c.b
            }
        }
        return Picture(width: width, height: height, rgb: rgb)!
    }
}
