import Foundation
import LumaKit

extension Provider {
    /// The provider a command uses: `--provider`, else `$LUMATOP_PROVIDER`, else the config's
    /// `provider`, else QuickRouter. Another word is a usage error naming the ones there are.
    static func chosen(_ word: String?, environment env: [String: String],
                       configured: Provider? = UserConfig.current.provider) throws -> Provider {
        let asked = word ?? env["LUMATOP_PROVIDER"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (configured ?? .quickrouter).rawValue
        guard let chosen = Provider(rawValue: asked.trimmingCharacters(in: .whitespaces).lowercased()) else {
            let names = allCases.map(\.rawValue).joined(separator: " or ")
            throw ConfigurationError("unknown provider \"\(UntrustedText.line(asked))\": use \(names)")
        }
        return chosen
    }
}
