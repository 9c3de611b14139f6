import Foundation

/// The one normalisation applied to both rules and text before matching: NFKC
/// (full-width → half-width, compatibility forms), case folding, removal of
/// zero-width and control characters, every run of white space as one plain space, and
/// (unless turned off) traditional Chinese characters folded to simplified ones.
public enum TextNormalizer {
    public static func normalize(_ text: String, foldTraditional: Bool = true) -> String {
        let folded = needsCompatibilityMapping(text)
            ? text.precomposedStringWithCompatibilityMapping.lowercased()
            : text
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

    /// False when every scalar is already NFKC-case-folded (most Chinese news text), so
    /// the expensive Foundation mapping can be skipped.
    private static func needsCompatibilityMapping(_ text: String) -> Bool {
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                if scalar.value >= 0x41 && scalar.value <= 0x5A { return true }
                continue
            }
            if scalar.value >= 0x4E00 && scalar.value <= 0x9FFF { continue }
            if scalar.properties.changesWhenNFKCCaseFolded { return true }
            // A combining mark may compose with the character before it.
            if scalar.properties.canonicalCombiningClass != .notReordered { return true }
        }
        return false
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
        if scalar.isASCII { return scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) }
        return scalar.properties.isAlphabetic && !isCJK(scalar)
    }

    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2E80...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x3FFFF: return true
        default: return false
        }
    }
}
