/// The character bigrams of a text as 32-bit codes, for the items' GIN index: each pair of
/// adjacent Unicode scalars mixed into one integer (distinct pairs can share a code, which
/// costs only a row read: every hit is verified on the text). Integers keep the index
/// smaller and its inserts cheaper than text bigrams computed in SQL, which tripled the
/// cost of writing an item.
public enum Bigrams {
    /// The distinct codes of `text`'s bigrams, sorted; empty for fewer than two characters.
    public static func codes(_ text: String) -> [Int32] {
        var codes = Set<Int32>()
        var previous: UInt32?
        for scalar in text.unicodeScalars {
            if let previous { codes.insert(code(previous, scalar.value)) }
            previous = scalar.value
        }
        return codes.sorted()
    }

    static func code(_ a: UInt32, _ b: UInt32) -> Int32 {
        // The two 21-bit scalars in one 64-bit word, finalised as SplitMix64 does, folded to 32 bits.
        var z = (UInt64(a) << 21 | UInt64(b)) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int32(truncatingIfNeeded: z ^ (z >> 31))
    }
}
