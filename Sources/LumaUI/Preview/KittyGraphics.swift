import Foundation
import LumaKit

/// The kitty graphics protocol (kitty, Ghostty), with Unicode placeholders: the image is sent once
/// with a virtual placement, and cells of U+10EEEE in the Buffer say where its pieces go. Being text,
/// they move, scroll and vanish with the frame, and pass through tmux; only the transmission and the
/// deletion need `allow-passthrough`.
public enum KittyGraphics {
    public enum Payload: Hashable, Sendable {
        /// A PNG file as fetched (`f=100`).
        case png([UInt8])
        /// Raw pixels (`f=24,s=W,v=H`).
        case rgb(Picture)
    }

    /// Base64 bytes per chunk at most, as the protocol asks (a multiple of 4).
    public static let chunkSize = 4096

    /// The image transmitted with a virtual placement of `columns` × `rows` cells (`a=T,U=1`),
    /// quietly (`q=2`: no answers to read), as APC sequences of at most `chunkSize` base64 bytes
    /// each (`m=1` while more follow, `m=0` on the last). Each is a whole sequence, so tmux can take
    /// them one by one through passthrough.
    public static func transmit(_ payload: Payload, id: UInt32, columns: Int, rows: Int) -> [String] {
        let format: String, bytes: [UInt8]
        switch payload {
        case .png(let png): format = "f=100"; bytes = png
        case .rgb(let p): format = "f=24,s=\(p.width),v=\(p.height)"; bytes = p.rgb
        }
        let base64 = Array(Data(bytes).base64EncodedString().utf8)
        var chunks: [String] = []
        var start = 0
        repeat {
            let end = min(base64.count, start + chunkSize)
            let more = end < base64.count ? 1 : 0
            let keys = start == 0 ? "a=T,U=1,i=\(id),\(format),c=\(columns),r=\(rows),q=2,m=\(more)" : "q=2,m=\(more)"
            chunks.append("\u{1B}_G\(keys);\(String(decoding: base64[start..<end], as: UTF8.self))\u{1B}\\")
            start = end
        } while start < base64.count
        return chunks
    }

    /// Deletes the image and its placements, freeing its memory in the terminal (`a=d,d=I`).
    public static func delete(id: UInt32) -> String { "\u{1B}_Ga=d,d=I,i=\(id),q=2\u{1B}\\" }

    /// The placeholder character, from the private use plane 16.
    public static let placeholder: Unicode.Scalar = "\u{10EEEE}"

    /// The cell showing row `row`, column `column` of an image: the placeholder, then the
    /// diacritics naming the row and the column.
    public static func placeholder(row: Int, column: Int) -> String {
        var s = String.UnicodeScalarView()
        s.append(placeholder)
        s.append(KittyDiacritics.scalars[row])
        s.append(KittyDiacritics.scalars[column])
        return String(s)
    }

    /// The most rows or columns a placement can span: one per diacritic.
    public static var maxCells: Int { KittyDiacritics.scalars.count }

    /// The foreground that names the image: a 256-colour index for ids below 256 (which survive a
    /// 256-colour terminal mode), else the id as 24-bit RGB. Ids above 24 bits are not used.
    public static func color(id: UInt32) -> Color {
        id < 256 ? .indexed(UInt8(id)) : .rgb(UInt8(id >> 16 & 0xFF), UInt8(id >> 8 & 0xFF), UInt8(id & 0xFF))
    }

    /// Fills `rect` with the placeholder cells of image `id` (placed `rect.width` × `rect.height`),
    /// clipped to the buffer and to `maxCells`.
    public static func drawPlaceholders(id: UInt32, into buffer: inout Buffer, at rect: Rect) {
        let style = Style(foreground: color(id: id))
        for row in 0..<min(rect.height, maxCells) {
            for column in 0..<min(rect.width, maxCells) {
                buffer.put(placeholder(row: row, column: column), x: rect.x + column, y: rect.y + row, style: style, limit: 1)
            }
        }
    }
}
