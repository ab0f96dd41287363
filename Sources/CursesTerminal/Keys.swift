import CNcurses
import LumaUI

/// Reads every key waiting (stdin is non-blocking under `nodelay`). Between the terminal's
/// bracketed-paste markers everything is text: a pasted line ending in a newline is one `.paste`,
/// never a run of keys. A mouse report's prefix comes as one key code and its body is read here
/// (`SGRMouse.Body`), so a report split between two reads is still one event.
struct KeyInput {

    /// Key codes we give ncurses for the markers (above every code it defines itself).
    static let pasteStart: Int32 = 0x3F1, pasteEnd: Int32 = 0x3F2, mouseReport: Int32 = 0x3F3
    /// A paste larger than this is cut (the `a` line has no use for more).
    static let pasteLimit = 1 << 20

    /// The text of a paste whose end has not arrived yet.
    private var pasting: String.UnicodeScalarView?
    /// The body of a mouse report whose end has not arrived yet.
    private var reporting: SGRMouse.Body?

    /// Asks the terminal to bracket pastes and teaches ncurses the two markers.
    static func enablePaste() {
        _ = define_key("\u{1B}[200~", pasteStart)
        _ = define_key("\u{1B}[201~", pasteEnd)
    }

    /// Teaches ncurses the mouse report's prefix. It replaces terminfo's own mouse key for the same
    /// bytes, if any: ncurses' mouse handling is never switched on.
    static func enableMouse() {
        _ = define_key(SGRMouse.prefix, mouseReport)
    }

    mutating func drain() -> [InputEvent] {
        var events: [InputEvent] = []
        var ch: wint_t = 0
        while true {
            let r = get_wch(&ch)
            if r == lt_err() { break }
            let isCode = r == KEY_CODE_YES
            if reporting != nil {
                let step: SGRMouse.Body.Step = isCode ? .notMine : reporting!.feed(UInt32(ch))
                switch step {
                case .more: continue
                case .done(let event):
                    reporting = nil
                    if let event { events.append(.mouse(event)) }
                    continue
                case .notMine: reporting = nil  // and the key is read as usual below
                }
            }
            if isCode && Int32(ch) == Self.mouseReport && pasting == nil {
                reporting = SGRMouse.Body()
            } else if isCode && Int32(ch) == Self.pasteStart {
                pasting = pasting ?? String.UnicodeScalarView()
            } else if isCode && Int32(ch) == Self.pasteEnd {
                if let text = pasting { events.append(.key(.paste(String(text)))) }
                pasting = nil
            } else if pasting != nil {
                if !isCode, pasting!.count < Self.pasteLimit, let scalar = Unicode.Scalar(UInt32(ch)) {
                    pasting!.append(scalar)
                }
            } else if isCode {
                if Int32(ch) == KEY_RESIZE { events.append(.resize) } else if let k = Self.special(Int32(ch)) { events.append(.key(k)) }
            } else if let k = Self.character(UInt32(ch)) {
                events.append(.key(k))
            }
        }
        return events
    }

    static func special(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_ENTER: .enter
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_BTAB: .backTab
        default: nil
        }
    }

    static func character(_ value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(value + 96)!))
        case 0..<32, 0x7F..<0xA0: return nil
        default: return Unicode.Scalar(value).map { .char(Character($0)) }
        }
    }
}
