import CNcurses
import LumaUI

/// Reads every key waiting (stdin is non-blocking under `nodelay`).
enum KeyInput {
    enum Event: Equatable { case key(Key), resize }

    static func drain() -> [Event] {
        var events: [Event] = []
        var ch: wint_t = 0
        while true {
            let r = get_wch(&ch)
            if r == lt_err() { break }
            if r == KEY_CODE_YES {
                if Int32(ch) == KEY_RESIZE { events.append(.resize) } else if let k = special(Int32(ch)) { events.append(.key(k)) }
            } else if let k = character(UInt32(ch)) {
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
