import Foundation
import Testing
import YuqingTesting

@testable import Analysis

/// The byte-level normaliser writes exactly what the scalar path writes, on text made of
/// every kind of character the rules treat apart.
struct NormalizerBytesTests {
    /// Characters from each rule: ASCII letters, digits, white space and controls, CJK
    /// (traditional and simplified, Extension A and B), full-width forms, U+3000, the
    /// ellipsis, CJK punctuation (and the marks that need NFKC), invisible characters,
    /// Latin with accents and combining marks, characters NFKC changes, emoji.
    static let alphabet: [String] = [
        "A", "z", "Q", "7", " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{01}", "\u{7F}", ".", "-", "“",
        "食", "品", "國", "門", "發", "东", "㐀", "䶵", "𠀀", "𪚥", "Ａ", "ｚ", "０", "！", "～", "｡", "｢",
        "\u{3000}", "…", "、", "。", "《", "》", "【", "\u{200B}", "\u{FEFF}", "\u{AD}", "\u{80}", "\u{9F}", "〶", "〸", "〺",
        "é", "e\u{301}", "Å", "ß", "ﬁ", "①", "ｶ", "Ω", "µ", "·", "\u{A0}", "\u{2003}", "—", "–", "‘", "•", "😀", "🇨🇳",
    ]

    static func reference(_ text: String, foldTraditional: Bool) -> [UInt8] {
        var sink = UTF8Sink(capacity: 0)
        if TextNormalizer.normalizeCommon(text, foldTraditional: foldTraditional, into: &sink) { return sink.bytes }
        return Array(TextNormalizer.normalize(text, foldTraditional: foldTraditional).utf8)
    }

    @Test func bytesAndScalarsAgreeOnRandomText() {
        var random = SplitMix64(seed: 20261206)
        var fast = 0
        for round in 0..<20_000 {
            let length = Int.random(in: 0...24, using: &random)
            // Half the texts from the common characters only, so the byte path finishes them.
            let pool = round % 2 == 0 ? Array(Self.alphabet.prefix(44)) : Self.alphabet
            let text = (0..<length).map { _ in pool[Int.random(in: 0..<pool.count, using: &random)] }.joined()
            for fold in [true, false] {
                let scalarPath = TextNormalizer.normalizeCommon(text, foldTraditional: fold)
                    ?? TextNormalizer.finish(text.precomposedStringWithCompatibilityMapping.lowercased(), foldTraditional: fold)
                #expect(TextNormalizer.normalize(text, foldTraditional: fold) == scalarPath)
                #expect(TextNormalizer.normalizedUTF8(text, foldTraditional: fold) == Self.reference(text, foldTraditional: fold), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            }
            if Array(text.utf8).withUnsafeBufferPointer({ TextNormalizer.normalizedUTF8Bytes($0, foldTraditional: true) }) != nil { fast += 1 }
        }
        #expect(fast >= 10_000, "the byte path finishes every common text: \(fast)")
    }

    @Test func aTypicalHeadlineTakesTheBytePath() {
        let title = "杭州市西湖區發佈ＡＰＰ升級通知…　詳見《公告》（2026年）"
        let bytes = Array(title.utf8).withUnsafeBufferPointer { TextNormalizer.normalizedUTF8Bytes($0, foldTraditional: true) }
        #expect(bytes.map { String(decoding: $0, as: UTF8.self) } == "杭州市西湖区发布app升级通知... 详见《公告》(2026年)")
    }

    @Test func wordCharactersAreLettersAndDigitsOutsideCJK() {
        // The definition the ASCII test by value stands for, checked on every ASCII scalar
        // and on letters, digits and ideographs beyond it.
        let beyond: [Unicode.Scalar] = ["é", "ß", "Ж", "ж", "α", "ع", "中", "發", "가", "ｱ", "２", "　", "，", "①"]
        for scalar in (0..<0x80).compactMap({ Unicode.Scalar(UInt32($0)) }) + beyond {
            let expected = scalar.isASCII
                ? scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                : scalar.properties.isAlphabetic && !TextNormalizer.isCJK(scalar)
            #expect(TextNormalizer.isWordScalar(scalar) == expected, "U+\(String(scalar.value, radix: 16))")
        }
    }
}
