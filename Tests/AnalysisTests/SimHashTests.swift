import Testing
import YuqingTesting

@testable import Analysis

/// The fingerprint and the story text are the same as the plain definitions give, on
/// random texts of CJK, ASCII, punctuation, symbols and white space.
struct SimHashTests {
    /// Charikar's weights, one update per bit per trigram.
    static func reference(_ text: String) -> UInt64 {
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else { return 0 }
        var weights = [Int](repeating: 0, count: 64)
        let width = min(3, scalars.count)
        for start in 0...(scalars.count - width) {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for scalar in scalars[start..<(start + width)] { hash = (hash ^ UInt64(scalar.value)) &* 0x0000_0100_0000_01B3 }
            hash ^= hash >> 29
            hash = hash &* 0xbf58_476d_1ce4_e5b9
            hash ^= hash >> 32
            for bit in 0..<64 { weights[bit] += (hash >> UInt64(bit)) & 1 == 1 ? 1 : -1 }
        }
        var result: UInt64 = 0
        for bit in 0..<64 where weights[bit] > 0 { result |= 1 << UInt64(bit) }
        return result
    }

    static let alphabet: [String] = [
        "食", "品", "安", "全", "國", "㐀", "𠀀", "a", "Z", "5", " ", "\t", "\u{3000}", "，", "。", "!", "?", "-", "_", "(", ")", "【", "】",
        "+", "$", "^", "~", "©", "€", "😀", "é", "\u{301}", "·", "—", "\u{A0}", "\u{1}",
    ]

    @Test func theBitSlicedCountsGiveCharikarsFingerprint() {
        var random = SplitMix64(seed: 97)
        for _ in 0..<5_000 {
            let length = Int.random(in: 0...300, using: &random)
            let text = (0..<length).map { _ in Self.alphabet[Int.random(in: 0..<Self.alphabet.count, using: &random)] }.joined()
            #expect(SimHash.fingerprint(text) == Self.reference(text), "\(text)")
        }
        // Long enough for many planes of counts: 2,000 trigrams.
        let long = String(repeating: "暴雨预警发布全市启动应急响应", count: 143)
        #expect(SimHash.fingerprint(long) == Self.reference(long))
    }

    @Test func theStoryTextDropsWhatThePropertiesSay() {
        var random = SplitMix64(seed: 98)
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...40, using: &random)).map { _ in Self.alphabet[Int.random(in: 0..<Self.alphabet.count, using: &random)] }.joined()
            let expected = String(text.unicodeScalars.filter { !$0.properties.isWhitespace && !$0.properties.generalCategory.isPunctuationOrSymbol }.map(Character.init))
            let kept = String(String.UnicodeScalarView(text.unicodeScalars.filter(SimHash.keepsInStoryText)))
            #expect(kept == expected)
        }
        for value in UInt32(0)..<0x3_0000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let expected = !scalar.properties.isWhitespace && !scalar.properties.generalCategory.isPunctuationOrSymbol
            if SimHash.keepsInStoryText(scalar) != expected { Issue.record("U+\(String(value, radix: 16)) kept \(!expected)") }
        }
    }
}
