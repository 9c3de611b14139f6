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
        let width = min(3, scalars.count)
        let count = scalars.count - width + 1
        // Charikar's weights count, per bit, trigrams with the bit set against those
        // without; a bit is set when more than half have it. The per-bit counts are kept
        // bit-sliced — plane k holds bit k of every position's count — so adding a
        // trigram's hash is a ripple-carry add over a few 64-bit words, not 64 updates.
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 64) { planes in
            planes.initialize(repeating: 0)
            var used = 0
            for start in 0..<count {
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                for offset in start..<(start + width) {
                    hash = (hash ^ UInt64(scalars[offset].value)) &* 0x0000_0100_0000_01B3
                }
                hash ^= hash >> 29  // spread FNV's weak low bits
                hash = hash &* 0xbf58_476d_1ce4_e5b9
                hash ^= hash >> 32
                var carry = hash, plane = 0
                while carry != 0 {
                    let next = planes[plane] & carry
                    planes[plane] ^= carry
                    carry = next
                    plane += 1
                }
                used = max(used, plane)
            }
            var result: UInt64 = 0
            for bit in 0..<64 {
                var ones = 0
                for plane in 0..<used { ones |= Int((planes[plane] >> UInt64(bit)) & 1) << plane }
                if 2 * ones > count { result |= 1 << UInt64(bit) }
            }
            return result
        }
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
        var kept = String.UnicodeScalarView()
        for scalar in (cleanedTitle + cleanedSummary).unicodeScalars where keepsInStoryText(scalar) { kept.append(scalar) }
        return String(kept)
    }

    /// Whether a character stays in the story text (not white space, punctuation or a
    /// symbol): ASCII from a table made of the same properties, CJK ideographs at once,
    /// the rest by their properties (looking them up was a fifth of clustering).
    @inline(__always)
    static func keepsInStoryText(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return asciiKept[Int(value)] }
        if (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) { return true }
        return keptByProperties(scalar)
    }

    private static func keptByProperties(_ scalar: Unicode.Scalar) -> Bool {
        !scalar.properties.isWhitespace && !scalar.properties.generalCategory.isPunctuationOrSymbol
    }

    private static let asciiKept: [Bool] = (0..<128).map { keptByProperties(Unicode.Scalar(UInt8($0))) }

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
