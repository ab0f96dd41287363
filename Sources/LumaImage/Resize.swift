import LumaKit

extension Picture {
    /// The picture at another size. Each new pixel is the average of the area of the old picture it
    /// covers, partly covered pixels weighted by how much (a box filter): downscaling keeps true
    /// colours and does not alias; upscaling repeats pixels, blending only where boxes straddle two.
    public func resized(width newWidth: Int, height newHeight: Int) -> Picture {
        precondition(newWidth > 0 && newHeight > 0, "a picture has at least one pixel")
        if newWidth == width && newHeight == height { return self }
        let columns = BoxSpans(from: width, to: newWidth)
        let rows = BoxSpans(from: height, to: newHeight)
        let rowLength = newWidth * 3

        // Across: every old row into `newWidth` weighted sums (each weight total is `width`).
        var across = [Int](repeating: 0, count: height * rowLength)
        across.withUnsafeMutableBufferPointer { sums in
            rgb.withUnsafeBufferPointer { src in
                for y in 0..<height {
                    let from = y * width * 3, to = y * rowLength
                    for x in 0..<newWidth {
                        var r = 0, g = 0, b = 0
                        for k in columns.offsets[x]..<columns.offsets[x + 1] {
                            let i = from + columns.source[k] * 3, w = columns.weight[k]
                            r += Int(src[i]) * w; g += Int(src[i + 1]) * w; b += Int(src[i + 2]) * w
                        }
                        sums[to + x * 3] = r; sums[to + x * 3 + 1] = g; sums[to + x * 3 + 2] = b
                    }
                }
            }
        }

        // Down: weighted rows of sums, then divided by the whole weight, rounded.
        let total = width * height
        var row = [Int](repeating: 0, count: rowLength)
        let out = [UInt8](unsafeUninitializedCapacity: newHeight * rowLength) { dst, count in
            across.withUnsafeBufferPointer { sums in
                row.withUnsafeMutableBufferPointer { acc in
                    for y in 0..<newHeight {
                        for i in 0..<rowLength { acc[i] = 0 }
                        for k in rows.offsets[y]..<rows.offsets[y + 1] {
                            let from = rows.source[k] * rowLength, w = rows.weight[k]
                            for i in 0..<rowLength { acc[i] += sums[from + i] * w }
                        }
                        let to = y * rowLength
                        for i in 0..<rowLength { dst[to + i] = UInt8((acc[i] + total / 2) / total) }
                    }
                }
            }
            count = newHeight * rowLength
        }
        return Picture(width: newWidth, height: newHeight, rgb: out)!
    }

    /// The largest size with this picture's aspect ratio inside `width` × `height` (larger or
    /// smaller than the picture), at least 1×1.
    public func fitted(inside boxWidth: Int, _ boxHeight: Int) -> (width: Int, height: Int) {
        let (bw, bh) = (max(boxWidth, 1), max(boxHeight, 1))
        // In Double: the products of two sides need not fit an Int's exactness, only its range.
        let scale = min(Double(bw) / Double(width), Double(bh) / Double(height))
        let w = Int((Double(width) * scale).rounded()), h = Int((Double(height) * scale).rounded())
        return (min(max(w, 1), bw), min(max(h, 1), bh))
    }
}

/// Which old pixels each new one covers along one axis, and by how much. In units where an old
/// pixel is `new` long and a new one `old` long, new pixel i covers [i·old, (i+1)·old).
struct BoxSpans {
    /// New pixel i reads `source[offsets[i]..<offsets[i + 1]]` with the same `weight`s.
    var offsets: [Int] = [0]
    var source: [Int] = []
    var weight: [Int] = []

    init(from old: Int, to new: Int) {
        offsets.reserveCapacity(new + 1)
        for i in 0..<new {
            let start = i * old, end = (i + 1) * old
            for j in (start / new)...((end - 1) / new) {
                source.append(j)
                weight.append(min((j + 1) * new, end) - max(j * new, start))
            }
            offsets.append(source.count)
        }
    }
}
