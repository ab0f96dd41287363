import Foundation

/// iTerm2's inline images (also WezTerm, mintty, Konsole): the file itself, base64, in one OSC.
public enum ITermImage {
    /// `OSC 1337 ; File=inline=1;size=N;width=C;height=R;preserveAspectRatio=1 : base64 BEL`,
    /// sized in cells (a bare number is cells to iTerm2). `file` is a PNG or JPEG as fetched.
    public static func sequence(file: [UInt8], columns: Int, rows: Int) -> String {
        "\u{1B}]1337;File=inline=1;size=\(file.count);width=\(columns);height=\(rows);preserveAspectRatio=1:"
            + Data(file).base64EncodedString() + "\u{07}"
    }
}
