import LumaKit
@testable import LumaUI

/// Test pictures with known pixels.
enum PreviewTestImages {
    static let red = RGB(220, 30, 40), green = RGB(20, 200, 60), blue = RGB(30, 60, 230), yellow = RGB(240, 220, 20)

    /// Four quadrants: red top left, green top right, blue bottom left, yellow bottom right.
    static func quadrants(width: Int, height: Int) -> Picture {
        picture(width: width, height: height) { x, y in
            switch (x < width / 2, y < height / 2) {
            case (true, true): return red
            case (false, true): return green
            case (true, false): return blue
            case (false, false): return yellow
            }
        }
    }

    /// Black on the left to white on the right, grey all the way.
    static func gradient(width: Int, height: Int) -> Picture {
        picture(width: width, height: height) { x, _ in
            let v = UInt8(x * 255 / max(1, width - 1))
            return RGB(v, v, v)
        }
    }

    static func picture(width: Int, height: Int, _ color: (Int, Int) -> RGB) -> Picture {
        var bytes: [UInt8] = []
        for y in 0..<height { for x in 0..<width { let c = color(x, y); bytes += [c.r, c.g, c.b] } }
        return Picture(width: width, height: height, rgb: bytes)!
    }
}
