import Foundation

/// Maps colours to what a terminal can show: the 256-colour table (6×6×6 cube and 24 greys) or
/// the 16 ANSI colours, by a perceptual ("redmean") distance.
public enum ColorDegrade {
    /// The xterm RGB of a 256-table index.
    public static func rgb(of index: UInt8) -> (UInt8, UInt8, UInt8) {
        let i = Int(index)
        if i < 16 { return ansi16[i] }
        if i >= 232 { let v = UInt8(8 + (i - 232) * 10); return (v, v, v) }
        let c = i - 16
        let level = { (n: Int) -> UInt8 in n == 0 ? 0 : UInt8(55 + n * 40) }
        return (level(c / 36), level((c / 6) % 6), level(c % 6))
    }

    static let ansi16: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    static func distance(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)) -> Double {
        let rm = (Double(a.0) + Double(b.0)) / 2
        let dr = Double(a.0) - Double(b.0), dg = Double(a.1) - Double(b.1), db = Double(a.2) - Double(b.2)
        return (2 + rm / 256) * dr * dr + 4 * dg * dg + (2 + (255 - rm) / 256) * db * db
    }

    /// The nearest of the 240 colours 16–255 (the first 16 vary by terminal, so they are avoided).
    public static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        var best: UInt8 = 16, bestDistance = Double.infinity
        for i in 16...255 {
            let d = distance((r, g, b), rgb(of: UInt8(i)))
            if d < bestDistance { bestDistance = d; best = UInt8(i) }
        }
        return best
    }

    public static func nearest16(_ r: UInt8, _ g: UInt8, _ b: UInt8, among allowed: [UInt8] = Array(0...15)) -> UInt8 {
        var best: UInt8 = allowed.first ?? 0, bestDistance = Double.infinity
        for i in allowed {
            let d = distance((r, g, b), ansi16[Int(i)])
            if d < bestDistance { bestDistance = d; best = i }
        }
        return best
    }

    /// Terminal backgrounds a theme on the terminal's own one must read on: black, a dark grey
    /// common in editors' terminals, and white (xterm's own default window).
    public static let typicalBackgrounds: [UInt32] = [0x000000, 0x1e1e1e, 0xffffff]

    /// Text needs this much contrast to read (WCAG's figure for large or bold text).
    public static let readableContrast = 3.0

    /// The 16 colours that, in xterm's palette, read on every typical background.
    public static let readableOnEitherBackground: [UInt8] = (0...15).filter { i in
        let (r, g, b) = ansi16[i]
        let packed = UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b)
        return typicalBackgrounds.allSatisfy { contrast(packed, $0) >= readableContrast }
    }.map { UInt8($0) }

    /// The colour a terminal in `mode` ends up showing; nil for its own default.
    public static func shown(_ c: Color, _ mode: ColorMode) -> UInt32? {
        func pack(_ t: (UInt8, UInt8, UInt8)) -> UInt32 { UInt32(t.0) << 16 | UInt32(t.1) << 8 | UInt32(t.2) }
        switch (c, mode) {
        case (.default, _), (_, .none): return nil
        case (.rgb(let r, let g, let b), .truecolor): return pack((r, g, b))
        case (.rgb(let r, let g, let b), .indexed256): return pack(rgb(of: nearest256(r, g, b)))
        case (.rgb(let r, let g, let b), .ansi16): return pack(ansi16[Int(nearest16(r, g, b))])
        case (.indexed(let i), .ansi16) where i >= 16:
            let (r, g, b) = rgb(of: i)
            return pack(ansi16[Int(nearest16(r, g, b))])
        case (.indexed(let i), _): return pack(rgb(of: i))
        }
    }

    /// WCAG contrast ratio of two colours, 1 to 21.
    public static func contrast(_ a: UInt32, _ b: UInt32) -> Double {
        func luminance(_ c: UInt32) -> Double {
            func channel(_ v: UInt32) -> Double {
                let s = Double(v & 0xff) / 255
                return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
            }
            return 0.2126 * channel(c >> 16) + 0.7152 * channel(c >> 8) + 0.0722 * channel(c)
        }
        let (la, lb) = (luminance(a), luminance(b))
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }
}
