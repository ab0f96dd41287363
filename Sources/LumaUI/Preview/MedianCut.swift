import LumaKit

/// A picture reduced to a few colours: a palette and, for each pixel, its index in it.
public struct QuantizedPicture: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public let palette: [RGB]
    /// One per pixel, row by row.
    public let indices: [UInt8]
}

/// Median cut (Heckbert): the picture's colours, weighted by how many pixels have them, are split
/// again and again at the median of the widest channel of the box that spans most; each box becomes
/// one colour, the mean of its pixels. A picture with few enough colours keeps them all exactly.
public enum MedianCut {
    public static func quantize(_ picture: Picture, colors: Int) -> QuantizedPicture {
        let limit = max(1, min(256, colors))
        var counts: [UInt32: Int] = [:]
        for i in stride(from: 0, to: picture.rgb.count, by: 3) {
            counts[pack(picture.rgb[i], picture.rgb[i + 1], picture.rgb[i + 2]), default: 0] += 1
        }
        var boxes = [Box(counts.map { Entry(color: $0.key, count: $0.value) })]
        while boxes.count < limit, let index = widest(boxes) {
            let channel = boxes[index].channel
            let box = boxes[index].entries.sorted { $0.channel(channel) < $1.channel(channel) }
            let total = box.reduce(0) { $0 + $1.count }
            var half = 0, cut = 1
            for (i, e) in box.enumerated() {
                half += e.count
                if half * 2 >= total { cut = min(max(1, i + 1), box.count - 1); break }
            }
            boxes[index] = Box(Array(box[..<cut]))
            boxes.append(Box(Array(box[cut...])))
        }
        var palette: [RGB] = []
        var lookup: [UInt32: UInt8] = [:]
        for box in boxes {
            var r = 0, g = 0, b = 0, n = 0
            for e in box.entries {
                r += e.channel(0) * e.count; g += e.channel(1) * e.count; b += e.channel(2) * e.count; n += e.count
                lookup[e.color] = UInt8(palette.count)
            }
            palette.append(RGB(UInt8((r + n / 2) / n), UInt8((g + n / 2) / n), UInt8((b + n / 2) / n)))
        }
        var indices = [UInt8](repeating: 0, count: picture.width * picture.height)
        for p in 0..<indices.count {
            let i = p * 3
            indices[p] = lookup[pack(picture.rgb[i], picture.rgb[i + 1], picture.rgb[i + 2])]!
        }
        return QuantizedPicture(width: picture.width, height: picture.height, palette: palette, indices: indices)
    }

    struct Entry {
        let color: UInt32
        let count: Int
        func channel(_ c: Int) -> Int { Int((color >> UInt32(16 - 8 * c)) & 0xFF) }
    }

    static func pack(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt32 { UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b) }

    /// Colours that become one, with the channel they spread most along.
    struct Box {
        let entries: [Entry]
        let channel: Int
        let range: Int
        init(_ entries: [Entry]) {
            var lo = [255, 255, 255], hi = [0, 0, 0]
            for e in entries {
                for c in 0..<3 { let v = e.channel(c); lo[c] = min(lo[c], v); hi[c] = max(hi[c], v) }
            }
            let spans = (0..<3).map { hi[$0] - lo[$0] }
            self.entries = entries
            channel = spans.firstIndex(of: spans.max()!)!
            range = spans[channel]
        }
    }

    /// The box whose colours spread widest; nil when every box is down to one colour.
    static func widest(_ boxes: [Box]) -> Int? {
        var best: Int?, bestRange = 0
        for (i, box) in boxes.enumerated() where box.range > bestRange { best = i; bestRange = box.range }
        return best
    }
}
