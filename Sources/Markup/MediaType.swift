/// A parsed Content-Type value: `type/subtype; charset=label`.
public struct MediaType: Sendable, Equatable {
    /// Lowercased `type/subtype`.
    public var essence: String
    /// The `charset` parameter, unquoted, if any.
    public var charset: String?

    public init?(_ value: String) {
        let parts = value.split(separator: ";", omittingEmptySubsequences: false)
        guard let first = parts.first else { return nil }
        essence = first.trimmingCharacters(in: .whitespacesAndQuotes).lowercased()
        for parameter in parts.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            if pair[0].trimmingCharacters(in: .whitespacesAndQuotes).lowercased() == "charset" {
                let label = pair[1].trimmingCharacters(in: .whitespacesAndQuotes)
                if !label.isEmpty { charset = label }
            }
        }
    }
}

extension Substring {
    func trimmingCharacters(in set: Set<Character>) -> String { String(self).trimmingCharacters(in: set) }
}
