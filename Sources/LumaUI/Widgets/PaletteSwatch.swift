import LumaKit

/// The 5×5 palette, each cell two columns wide and painted in its own colour; hex codes when the
/// terminal shows no colour.
public enum PaletteSwatch {
    public static func height(_ palette: Palette?) -> Int { palette == nil ? 1 : Palette.side }

    public static func width(_ mode: ColorMode) -> Int { mode == .none ? Palette.side * 8 - 1 : Palette.side * 2 }

    public static func draw(_ palette: Palette?, at x: Int, y: Int, into buffer: inout Buffer, theme: Theme, mode: ColorMode) {
        guard let palette else {
            buffer.put("no palette", x: x, y: y, style: theme[.muted])
            return
        }
        for row in 0..<Palette.side {
            for col in 0..<Palette.side {
                let c = palette[row, col]
                if mode == .none {
                    buffer.put(c.hex, x: x + col * 8, y: y + row, style: theme[.normal])
                } else {
                    buffer.put("  ", x: x + col * 2, y: y + row, style: Style(background: .rgb(c.r, c.g, c.b)))
                }
            }
        }
    }
}
