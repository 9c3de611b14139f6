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
            let matcher = MultiPatternMatcher(patterns: patterns)
            #expect(Self.sorted(matcher.matches(in: text)) == Self.sorted(Self.naive(patterns, text)))
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
