import Foundation
import PropertyBased
import Testing

@testable import Analysis

/// The automaton must report exactly what a naive search for every pattern finds.
struct MatcherPropertyTests {
    /// A small alphabet, so that random patterns overlap and repeat in random texts.
    static let alphabet: [Character] = ["食", "品", "安", "全", "中", "毒", "a", "b", "i", " ", "5", "G", "é", "𠀀"]

    private static func naive(_ patterns: [String], _ text: String) -> [MultiPatternMatcher.Match] {
        let bytes = Array(text.utf8)
        var result: [MultiPatternMatcher.Match] = []
        for end in 0...bytes.count {
            for (index, pattern) in patterns.enumerated() {
                let needle = Array(pattern.utf8)
                guard !needle.isEmpty, needle.count <= end else { continue }
                if Array(bytes[(end - needle.count)..<end]) == needle {
                    result.append(.init(pattern: index, start: end - needle.count, end: end))
                }
            }
        }
        return result
    }

    private static func sorted(_ matches: [MultiPatternMatcher.Match]) -> [MultiPatternMatcher.Match] {
        matches.sorted { ($0.end, $0.pattern) < ($1.end, $1.pattern) }
    }

    @Test func automatonAgreesWithNaiveSearch() async {
        let alphabet = Self.alphabet
        let letter = Gen<Character?>.element(of: alphabet).map { $0 ?? "食" }
        let patterns = letter.string(of: 0...4).array(of: 1...12)
        let text = letter.string(of: 0...80)
        await propertyCheck(count: 300, input: patterns, text) { patterns, text in
            let expected = Self.sorted(Self.naive(patterns, text))
            // Complete rows for every state, for the root only, and for a few levels.
            for budget in [MultiPatternMatcher.defaultDenseBudget, 0, 2_000] {
                let matcher = MultiPatternMatcher(patterns: patterns, denseBudget: budget)
                #expect(Self.sorted(matcher.matches(in: text)) == expected, "budget \(budget)")
            }
        }
    }

    @Test func duplicatePatternsAreBothReported() {
        let matcher = MultiPatternMatcher(patterns: ["食品", "食品", "品"])
        #expect(matcher.matches(in: "食品").map(\.pattern).sorted() == [0, 1, 2])
    }

    @Test func noPatterns() {
        #expect(MultiPatternMatcher(patterns: []).matches(in: "食品").isEmpty)
        #expect(MultiPatternMatcher(patterns: [""]).matches(in: "食品").isEmpty)
    }
}

/// The fast normalisation path must agree with Foundation's NFKC and lower-casing.
struct NormalizerPropertyTests {
    static let alphabet: [Character] = [
        "A", "z", "5", " ", "\t", "\n", "Ａ", "ｚ", "５", "，", "。", "、", "！", "（", "）", "　", "…", "“", "”",
        "—", "·", "《", "》", "【", "】", "〸", "食", "過", "颱", "풍", "é", "e\u{301}", "ß", "Ⅻ", "①", "\u{200B}", "ｶ", "㍿",
    ]

    @Test func fastPathAgreesWithFoundation() async {
        let alphabet = Self.alphabet
        let text = Gen<Character?>.element(of: alphabet).map { $0 ?? "食" }.string(of: 0...40)
        await propertyCheck(count: 500, input: text) { text in
            let slow = TextNormalizer.finish(text.precomposedStringWithCompatibilityMapping.lowercased(), foldTraditional: true)
            if let fast = TextNormalizer.normalizeCommon(text, foldTraditional: true) {
                #expect(fast == slow)
            }
            #expect(TextNormalizer.normalize(text) == slow)
        }
    }

    @Test func longTextsUseInterleavedStreamsAndAgree() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["食品", "安全", "中毒", "AI", " ", "，", "5G基站", "过期", "食"]
        var text = ""
        while text.utf8.count < MultiPatternMatcher.windowSize * 3 {
            text += pieces.randomElement(using: &generator) ?? ""
        }
        let patterns = ["食品安全", "安全中毒", "AI", "5G基站", "过期食品", "食", "品安全中毒AI 5G基站"]
        let matcher = MultiPatternMatcher(patterns: patterns, denseBudget: 1_000)
        #expect(matcher.denseStateCount < matcher.stateCount, "deep states must take the sparse path here")
        let long = matcher.matches(in: text)
        // The same text matched in pieces shorter than the threshold, stitched together.
        var expected: [MultiPatternMatcher.Match] = []
        let bytes = Array(text.utf8)
        for (index, pattern) in patterns.enumerated() {
            let needle = Array(pattern.utf8)
            var start = 0
            while start + needle.count <= bytes.count {
                if bytes[start] == needle[0] && Array(bytes[start..<(start + needle.count)]) == needle {
                    expected.append(.init(pattern: index, start: start, end: start + needle.count))
                }
                start += 1
            }
        }
        let order: (MultiPatternMatcher.Match, MultiPatternMatcher.Match) -> Bool = { ($0.end, $0.pattern) < ($1.end, $1.pattern) }
        #expect(long.count == expected.count)
        #expect(long.sorted(by: order) == expected.sorted(by: order))
        #expect(long.map(\.end) == long.map(\.end).sorted(), "reports come in order of end")
    }
}

/// The byte search for source lines against the standard library's search it replaced.
struct SourceMarkerCutTests {
    @Test func agreesWithSubstringSearch() {
        let pieces = ["转载自", "来源:", "来源：", "来源", "稿件", "稿件来源", "原标题", "责任编辑", "(记者", "（记者", "记者", "(", "文", "a", "：", " "]
        let markers = ["转载自", "来源:", "来源：", "稿件来源", "原标题", "责任编辑", "(记者", "（记者"]
        var state: UInt64 = 20_261_205
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<Int(state % 9) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += pieces[Int((state >> 33) % UInt64(pieces.count))]
            }
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var expected = Substring(text)
            for marker in markers {
                if let range = expected.range(of: marker) { expected = expected[..<range.lowerBound] }
            }
            #expect(SimHash.cutAtSourceMarker(text) == String(expected), "\(text)")
        }
    }
}
