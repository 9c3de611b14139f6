/// A headline as the set of its character pairs, folded into 64 bits (each pair sets one
/// bit): what verifies that two items whose summaries match also carry the same headline.
///
/// Reposts edit headlines lightly — a word added, dropped or replaced, a prefix — and keep
/// most character pairs; unrelated headlines share few. On short texts that is a steadier
/// measure than a SimHash distance, which one replaced word in a short headline can push
/// past any bound that still keeps unrelated headlines apart (the reposts the generator in
/// `Benchmarks/` edits so stayed apart with a bound of 20 bits).
public enum TitleSignature {
    /// Headlines are alike when the share of pairs they have in common (shared bits over
    /// bits set in either, an estimate of the Jaccard index) is at least this.
    public static let minimumOverlap = 0.5

    /// The signature of a cleaned title (`SimHash.storyText`); 0 for fewer than two characters.
    public static func of(_ cleanedTitle: String) -> UInt64 {
        var signature: UInt64 = 0
        var previous: UInt32?
        for scalar in cleanedTitle.unicodeScalars {
            if let previous {
                let pair = UInt64(previous) << 32 | UInt64(scalar.value)
                // A multiplicative hash; its top six bits pick the bit.
                signature |= 1 << ((pair &* 0x9E37_79B9_7F4A_7C15) >> 58)
            }
            previous = scalar.value
        }
        return signature
    }

    /// Whether two signatures share at least `minimumOverlap` of their pairs.
    public static func alike(_ a: UInt64, _ b: UInt64) -> Bool {
        let union = (a | b).nonzeroBitCount
        return union > 0 && Double((a & b).nonzeroBitCount) >= minimumOverlap * Double(union)
    }
}
