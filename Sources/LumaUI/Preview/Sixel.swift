import LumaKit

/// Sixel graphics (DEC; xterm, foot, WezTerm, mlterm, Windows Terminal, tmux built with sixel): the
/// picture in bands six pixels tall, one pass per colour over each band.
public enum Sixel {
    static let esc = "\u{1B}"

    /// `DCS 0;1;0 q "1;1;W;H #n;2;r;g;b… <bands> ST`: colours reduced by `MedianCut` to `colors`
    /// registers (2–256) given in percent; each band draws each of its colours in turn (`$` returns
    /// to the band's start), `-` moves to the next band; runs of four or more are `!count`.
    public static func encode(_ picture: Picture, colors: Int = 256) -> String {
        let q = MedianCut.quantize(picture, colors: max(2, min(256, colors)))
        var out: [UInt8] = Array("\(esc)P0;1;0q\"1;1;\(q.width);\(q.height)".utf8)
        for (n, c) in q.palette.enumerated() {
            out += Array("#\(n);2;\(percent(c.r));\(percent(c.g));\(percent(c.b))".utf8)
        }
        // Per band: for each colour used, its six-bit column patterns; only used colours are reset.
        var patterns = [UInt8](repeating: 0, count: q.palette.count * q.width)
        var used: [Int] = []
        var isUsed = [Bool](repeating: false, count: q.palette.count)
        for top in stride(from: 0, to: q.height, by: 6) {
            for n in used { isUsed[n] = false; for x in 0..<q.width { patterns[n * q.width + x] = 0 } }
            used.removeAll(keepingCapacity: true)
            for dy in 0..<min(6, q.height - top) {
                let row = (top + dy) * q.width
                for x in 0..<q.width {
                    let n = Int(q.indices[row + x])
                    if !isUsed[n] { isUsed[n] = true; used.append(n) }
                    patterns[n * q.width + x] |= 1 << UInt8(dy)
                }
            }
            if top > 0 { out.append(UInt8(ascii: "-")) }
            for (k, n) in used.sorted().enumerated() {
                if k > 0 { out.append(UInt8(ascii: "$")) }
                out += Array("#\(n)".utf8)
                appendRuns(patterns[(n * q.width)..<(n * q.width + q.width)], to: &out)
            }
        }
        out += Array("\(esc)\\".utf8)
        return String(decoding: out, as: UTF8.self)
    }

    /// One colour's row of a band, run-length coded; empty columns at its end are left out.
    static func appendRuns(_ row: ArraySlice<UInt8>, to out: inout [UInt8]) {
        var end = row.endIndex
        while end > row.startIndex, row[end - 1] == 0 { end -= 1 }
        var i = row.startIndex
        while i < end {
            var j = i + 1
            while j < end, row[j] == row[i] { j += 1 }
            let char = 63 + row[i], run = j - i
            if run >= 4 { out += Array("!\(run)".utf8); out.append(char) } else { out += repeatElement(char, count: run) }
            i = j
        }
    }

    /// A channel as the percent sixel colour registers take.
    static func percent(_ v: UInt8) -> Int { (Int(v) * 100 + 127) / 255 }
}
