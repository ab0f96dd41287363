import Foundation
import LumaKit

/// How a preview reaches the screen.
public enum PreviewMode: String, CaseIterable, Sendable {
    /// Coloured characters in the Buffer: works everywhere.
    case cells
    /// The kitty graphics protocol, placed by Unicode placeholder cells (so it moves with the text).
    case kitty
    case sixel
    /// iTerm2's inline images (`OSC 1337 ; File=`), also drawn by WezTerm.
    case iterm
    /// No picture: the palette only.
    case off
}

/// What the user asked for with `--preview` or `LUMATOP_PREVIEW`: a mode, or the best one the
/// terminal answers for.
public enum PreviewRequest: Hashable, Sendable {
    case auto
    case forced(PreviewMode)

    /// Every value accepted, in the order the help lists them.
    public static let names = ["auto"] + PreviewMode.allCases.map(\.rawValue)

    /// Parses a flag's or the environment's value, in any case and with spaces around it; an empty
    /// one (`LUMATOP_PREVIEW=`) is `auto`, like an unset variable.
    public init(parsing value: String) throws(PreviewRequestError) {
        let name = value.trimmingCharacters(in: .whitespaces).lowercased()
        if name == "auto" || name.isEmpty { self = .auto; return }
        guard let mode = PreviewMode(rawValue: name) else { throw PreviewRequestError(value: value) }
        self = .forced(mode)
    }
}

public struct PreviewRequestError: Error, Hashable, Sendable, CustomStringConvertible {
    public let value: String
    public var description: String {
        "unknown preview mode \"\(UntrustedText.line(value))\": use one of \(PreviewRequest.names.joined(separator: ", "))"
    }
}
