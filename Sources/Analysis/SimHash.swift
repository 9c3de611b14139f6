import Foundation

/// 64-bit SimHash (Charikar) over character trigrams of a story's normalised text: near
/// duplicates — the same news re-posted with another headline prefix or source line — get
/// fingerprints a few bits apart.
public enum SimHash {
    /// The fingerprint of `title` and `summary` as `storyText` prepares them.
    public static func fingerprint(title: String, summary: String) -> UInt64 {
        fingerprint(storyText(title: title, summary: summary))
    }

    public static func fingerprint(_ text: String) -> UInt64 {
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else { return 0 }
        var weights = [Int](repeating: 0, count: 64)
        let width = min(3, scalars.count)
        for start in 0...(scalars.count - width) {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for scalar in scalars[start..<(start + width)] {
                hash = (hash ^ UInt64(scalar.value)) &* 0x0000_0100_0000_01B3
            }
            hash ^= hash >> 29  // spread FNV's weak low bits
            hash = hash &* 0xbf58_476d_1ce4_e5b9
            hash ^= hash >> 32
            for bit in 0..<64 { weights[bit] += (hash >> UInt64(bit)) & 1 == 1 ? 1 : -1 }
        }
        var result: UInt64 = 0
        for bit in 0..<64 where weights[bit] > 0 { result |= 1 << UInt64(bit) }
        return result
    }

    /// Bits in which two fingerprints differ.
    public static func distance(_ a: UInt64, _ b: UInt64) -> Int { (a ^ b).nonzeroBitCount }

    /// The text a story is recognised by: normalised title and the start of the summary,
    /// without bracketed headline prefixes (`【独家】`, `[视频]`) or short labels (`快讯：`),
    /// source lines (`转载自…`, `来源：…`, `（记者 …）`, `｜中国新闻网`), punctuation or white
    /// space.
    public static func storyText(title: String, summary: String) -> String {
        let cleanedTitle = stripDecorations(TextNormalizer.normalize(title))
        let cleanedSummary = stripDecorations(TextNormalizer.normalize(String(summary.prefix(160))))
        return String((cleanedTitle + cleanedSummary).unicodeScalars.filter { scalar in
            !scalar.properties.isWhitespace && !(scalar.properties.generalCategory.isPunctuationOrSymbol)
        }.map(Character.init))
    }

    /// Media tags reposts append to a headline (after width folding, so `（图）` is `(图)`).
    private static let mediaTags = ["(图)", "(组图)", "(多图)", "(高清组图)", "(图文)", "(附图)", "(视频)", "(附视频)", "(动图)", "(直播)", "(音频)"]
    private static let sourceMarkers = ["转载自", "来源:", "来源：", "稿件来源", "原标题", "责任编辑", "(记者", "（记者"].map { Array($0.utf8) }

    /// `text` up to the first source marker, searched as bytes (the standard library's
    /// substring search was most of the time of fingerprinting an item).
    static func cutAtSourceMarker(_ text: String) -> String {
        var text = text
        let cut: Int? = text.withUTF8 { bytes in
            // Each marker in turn is looked for in what the ones before left.
            var first: Int?
            for marker in sourceMarkers {
                let limit = (first ?? bytes.count) - marker.count + 1
                var index = 0
                while index < limit {
                    if bytes[index] == marker[0], marker.indices.allSatisfy({ bytes[index + $0] == marker[$0] }) {
                        first = index
                        break
                    }
                    index += 1
                }
            }
            return first
        }
        guard let cut else { return text }
        return text.withUTF8 { String(decoding: $0[..<cut], as: UTF8.self) }
    }

    static func stripDecorations(_ text: String) -> String {
        var result = Substring(text)
        // Leading bracketed tags, possibly several: 【快讯】[视频]
        while let first = result.first, let close = closing(first), let end = result.firstIndex(of: close) {
            result = result[result.index(after: end)...]
        }
        // A short leading label: 快讯: 独家: 视频: 转发:
        if let colon = result.prefix(6).firstIndex(of: ":"), result[..<colon].count <= 4,
            result[..<colon].unicodeScalars.allSatisfy(TextNormalizer.isCJK)
        {
            result = result[result.index(after: colon)...]
        }
        // A trailing site name after a bar: …|中国新闻网
        if let bar = result.lastIndex(of: "|"), result[result.index(after: bar)...].count <= 12 {
            result = result[..<bar]
        }
        // Trailing media tags, possibly several: …(图) …(组图)(视频). A number in brackets
        // is not one: it may be what tells two events apart.
        var trimmed = true
        while trimmed {
            trimmed = false
            for tag in mediaTags where result.hasSuffix(tag) {
                result = result.dropLast(tag.count)
                trimmed = true
            }
        }
        return cutAtSourceMarker(String(result))
    }

    private static func closing(_ open: Character) -> Character? {
        switch open {
        case "【": return "】"
        case "[": return "]"
        case "(": return ")"
        case "（": return "）"
        default: return nil
        }
    }
}

extension Unicode.GeneralCategory {
    var isPunctuationOrSymbol: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }
}
