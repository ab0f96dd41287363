/// The official API sends a picture but no palette: lumatop makes the 5×5 one from the picture.
extension Palette {
    /// Each cell the mean colour of its part of the picture, row-major as the relay's grid.
    public init(averaging picture: Picture) {
        let side = Self.side
        var colors: [RGB] = []
        colors.reserveCapacity(side * side)
        for row in 0..<side {
            let y0 = row * picture.height / side, y1 = max(y0 + 1, (row + 1) * picture.height / side)
            for col in 0..<side {
                let x0 = col * picture.width / side, x1 = max(x0 + 1, (col + 1) * picture.width / side)
                var sum = (r: 0, g: 0, b: 0), n = 0
                for y in y0..<min(y1, picture.height) {
                    for x in x0..<min(x1, picture.width) {
                        let c = picture.pixel(x: x, y: y)
                        sum.r += Int(c.r); sum.g += Int(c.g); sum.b += Int(c.b)
                        n += 1
                    }
                }
                let d = max(n, 1)
                colors.append(RGB(UInt8((sum.r + d / 2) / d), UInt8((sum.g + d / 2) / d), UInt8((sum.b + d / 2) / d)))
            }
        }
        self = try! Palette(colors: colors)
    }
}

extension Generation {
    /// True when the answer has a picture but no palette (the official API's): the palette is
    /// then made with `Palette(averaging:)` once the picture is fetched, and set on `thumbnail`.
    public var wantsComputedPalette: Bool { thumbnailMedia?.url != nil && palette == nil }

    /// A later answer without a palette keeps the one made from the same picture before, so a
    /// re-read does not take it away.
    mutating func keepComputedPalette(from earlier: Generation?) {
        guard provider == .luma, palette == nil, let earlier, let kept = earlier.thumbnail?.palette,
              earlier.thumbnail?.url == thumbnail?.url, thumbnail?.url != nil else { return }
        thumbnail?.palette = kept
    }
}
