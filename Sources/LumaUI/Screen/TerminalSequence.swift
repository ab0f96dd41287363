import Foundation
import LumaKit

/// Escape sequences sent past the screen: the clipboard (OSC 52) and desktop notifications
/// (OSC 777 and OSC 9). Inside tmux they are also wrapped for passthrough, so they reach the
/// outer terminal (through SSH too) when tmux allows it.
public enum TerminalSequence {
    static let esc = "\u{1B}"
    static let bel = "\u{07}"

    /// `ESC ] 52 ; c ; base64(text) BEL`: the terminal puts `text`, cleaned, on the clipboard (a
    /// paste must not carry an escape sequence or a bidi override into a shell).
    public static func copy(_ text: String) -> String {
        "\(esc)]52;c;\(Data(UntrustedText.line(text).utf8).base64EncodedString())\(bel)"
    }

    /// OSC 777 (rxvt, foot, WezTerm, Ghostty…) and OSC 9 (iTerm2, Windows Terminal, kitty…). Server
    /// text is cleaned, and `;` is removed since it separates the fields.
    public static func notify(title: String, body: String) -> String {
        let t = field(title), b = field(body)
        return "\(esc)]777;notify;\(t);\(b)\(bel)\(esc)]9;\(t): \(b)\(bel)"
    }

    /// tmux's passthrough: `ESC P tmux; <sequence with each ESC doubled> ESC \`.
    public static func tmuxPassthrough(_ sequence: String) -> String {
        "\(esc)Ptmux;\(sequence.replacingOccurrences(of: esc, with: esc + esc))\(esc)\\"
    }

    /// What to write for a copy: the plain sequence (tmux with `set-clipboard on` takes it), and in
    /// tmux the passthrough too (for `allow-passthrough on`).
    public static func copyBytes(_ text: String, inTmux: Bool) -> String {
        inTmux ? copy(text) + tmuxPassthrough(copy(text)) : copy(text)
    }

    /// What to write for a notification: the bell, then the desktop notification.
    public static func notifyBytes(title: String, body: String, inTmux: Bool) -> String {
        let n = notify(title: title, body: body)
        return bel + (inTmux ? tmuxPassthrough(n) : n)
    }

    /// `;` goes scalar by scalar: followed by a combining mark it is no `Character` of its own.
    static func field(_ text: String) -> String {
        var clean = UntrustedText.line(text).unicodeScalars
        clean.removeAll { $0 == ";" }
        return String(String(clean).prefix(200))
    }
}
