import Foundation

/// The one normalisation applied to both rules and text before matching: NFKC
/// (full-width → half-width, compatibility forms), case folding, and removal of
/// zero-width and control characters.
public enum TextNormalizer {
    public static func normalize(_ text: String) -> String {
        let folded = text.precomposedStringWithCompatibilityMapping.lowercased()
        var result = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars {
            if isInvisible(scalar) { continue }
            result.append(scalar.properties.isWhitespace ? " " : scalar)
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
