import Foundation

/// The one normalisation applied to both rules and text before matching: NFKC
/// (full-width → half-width, compatibility forms), case folding, removal of
/// zero-width and control characters, every run of white space as one plain space, and
/// (unless turned off) traditional Chinese characters folded to simplified ones.
public enum TextNormalizer {
    public static func normalize(_ text: String, foldTraditional: Bool = true) -> String {
        if let bytes = commonBytes(text, foldTraditional: foldTraditional) { return String(decoding: bytes, as: UTF8.self) }
        return full(text, foldTraditional: foldTraditional)
    }

    /// The normalised text as UTF-8 bytes, what the automaton scans: written straight
    /// into the array on the common path, without an intermediate String.
    public static func normalizedUTF8(_ text: String, foldTraditional: Bool = true) -> [UInt8] {
        commonBytes(text, foldTraditional: foldTraditional) ?? Array(full(text, foldTraditional: foldTraditional).utf8)
    }

    /// The common path's bytes (`normalizedUTF8Bytes`; through the scalar rules for a
    /// string without contiguous UTF-8), or nil when the text needs the full path.
    private static func commonBytes(_ text: String, foldTraditional: Bool) -> [UInt8]? {
        if let done = text.utf8.withContiguousStorageIfAvailable({ normalizedUTF8Bytes($0, foldTraditional: foldTraditional) }) { return done }
        var sink = UTF8Sink(capacity: text.utf8.count)
        return normalizeCommon(text, foldTraditional: foldTraditional, into: &sink) ? sink.bytes : nil
    }

    /// NFKC, case folding, then the rest of the rules: for text the common path declines.
    private static func full(_ text: String, foldTraditional: Bool) -> String {
        finish(text.precomposedStringWithCompatibilityMapping.lowercased(), foldTraditional: foldTraditional)
    }

    /// One pass for text made only of characters whose NFKC case folding is known here —
    /// ASCII, CJK ideographs, full-width forms, CJK punctuation, and characters that
    /// NFKC leaves alone — which is nearly all Chinese news text; nil otherwise.
    static func normalizeCommon(_ text: String, foldTraditional: Bool) -> String? {
        var result = String.UnicodeScalarView()
        return normalizeCommon(text, foldTraditional: foldTraditional, into: &result) ? String(result) : nil
    }

    /// The common path into any sink; false (with the sink partly written) when the text
    /// needs the full NFKC path.
    static func normalizeCommon<Sink: ScalarSink>(_ text: String, foldTraditional: Bool, into sink: inout Sink) -> Bool {
        var result = CollapsingSpaces(sink: sink)
        defer { sink = result.sink }
        func append(_ scalar: Unicode.Scalar) { result.append(scalar) }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x41...0x5A:
                append(Unicode.Scalar(UInt8(value + 0x20)))
            case 0x00...0x7F:
                if !isInvisible(scalar) { append(scalar) }
            case 0x4E00...0x9FFF, 0x3400...0x4DBF:
                append(foldTraditional ? TraditionalChinese.simplified(scalar) : scalar)
            case 0xFF01...0xFF5E:
                let ascii = value - 0xFEE0
                append(Unicode.Scalar(UInt8(ascii >= 0x41 && ascii <= 0x5A ? ascii + 0x20 : ascii)))
            case 0x3000:
                append(" ")
            case 0x2026:
                for _ in 0..<3 { append(".") }
            case 0x3036, 0x3038...0x303A:
                return false
            case 0x3001...0x303F, 0x2010, 0x2013...0x2014, 0x2018...0x2019, 0x201C...0x201D, 0x2022, 0xFF5F...0xFF65:
                append(scalar)
            default:
                if isInvisible(scalar) { continue }
                if scalar.properties.isWhitespace || scalar.properties.changesWhenNFKCCaseFolded
                    || scalar.properties.canonicalCombiningClass != .notReordered
                {
                    return false
                }
                append(foldTraditional ? TraditionalChinese.simplified(scalar) : scalar)
            }
        }
        return true
    }

    static func finish(_ folded: String, foldTraditional: Bool) -> String {
        var result = String.UnicodeScalarView()
        var lastWasSpace = false
        for scalar in folded.unicodeScalars {
            if isInvisible(scalar) { continue }
            if scalar.properties.isWhitespace {
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
            } else {
                lastWasSpace = false
                result.append(foldTraditional ? TraditionalChinese.simplified(scalar) : scalar)
            }
        }
        return String(result)
    }

    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B...0x200D, 0x2060, 0xFEFF, 0x00AD: return true
        case 0x00...0x08, 0x0B, 0x0C, 0x0E...0x1F, 0x7F...0x9F: return true
        default: return false
        }
    }

    /// True for scalars that make up Latin-script words (ASCII letters and digits, and
    /// other non-CJK letters), where a term must match on word boundaries.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            // ASCII by value: the Unicode property look-up went through a type-metadata
            // accessor and the property tables for every term occurrence on the per-item path.
            let lower = value | 0x20
            return (0x61...0x7A).contains(lower) || (0x30...0x39).contains(value)
        }
        return !isCJK(scalar) && scalar.properties.isAlphabetic
    }

    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2E80...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x3FFFF: return true
        default: return false
        }
    }
}

/// Writes scalars to a sink with every run of ASCII white space as one plain space.
struct CollapsingSpaces<Sink: ScalarSink> {
    var sink: Sink
    var lastWasSpace = false

    mutating func append(_ scalar: Unicode.Scalar) {
        // ASCII white space (U+0009…U+000D, U+0020) by value: the property lookup was a tenth of a scan.
        if scalar.value == 0x20 || (scalar.value >= 0x09 && scalar.value <= 0x0D) {
            if !lastWasSpace { sink.append(" ") }
            lastWasSpace = true
        } else {
            sink.append(scalar)
            lastWasSpace = false
        }
    }
}

/// Where the normaliser writes scalars: a String's scalar view, or UTF-8 bytes.
protocol ScalarSink {
    mutating func append(_ scalar: Unicode.Scalar)
}

extension String.UnicodeScalarView: ScalarSink {}

struct UTF8Sink: ScalarSink {
    var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func append(_ scalar: Unicode.Scalar) {
        let value = scalar.value
        if value < 0x80 {
            bytes.append(UInt8(value))
        } else if value < 0x800 {
            bytes.append(UInt8(0xC0 | (value >> 6)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        } else if value < 0x10000 {
            bytes.append(UInt8(0xE0 | (value >> 12)))
            bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        } else {
            bytes.append(UInt8(0xF0 | (value >> 18)))
            bytes.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        }
    }
}
