import Foundation
import PropertyBased
import Testing

@testable import Analysis

/// Short texts are scanned as four streams in lock step, and an item's fields as one
/// text: both must report exactly what one stream over each field reports.
struct ShortTextScanTests {
    static let alphabet: [Character] = ["食", "品", "安", "全", "中", "毒", "a", "b", "i", " ", "5", "G", "é", "𠀀", "，"]

    @Test func fourStreamsReportWhatOneStreamReportsInItsOrder() async {
        let letter = Gen<Character?>.element(of: Self.alphabet).map { $0 ?? "食" }
        let patterns = letter.string(of: 1...6).array(of: 1...16)
        let text = letter.string(of: 10...160)
        await propertyCheck(count: 400, input: patterns, text) { patterns, text in
            let bytes = Array(text.utf8)
            for budget in [MultiPatternMatcher.defaultDenseBudget, 0, 2_000] {
                let matcher = MultiPatternMatcher(patterns: patterns, denseBudget: budget)
                var reported: [(pattern: Int, end: Int)] = []
                bytes.withUnsafeBufferPointer { buffer in matcher.forEachMatch(in: buffer) { reported.append(($0, $1)) } }
                let expected = matcher.singleStreamReports(in: bytes)
                #expect(reported.map(\.pattern) == expected.map(\.pattern) && reported.map(\.end) == expected.map(\.end), "budget \(budget)")
            }
        }
    }

    @Test func theShortScanIsTakenForItemSizedTexts() {
        let matcher = MultiPatternMatcher(patterns: ["食品安全", "中毒"])
        #expect(matcher.interleavesShort(160))
        #expect(!matcher.interleavesShort(20), "too short: one stream")
    }

    /// Texts longer than a window, scanned window by window: occurrences across a
    /// window's edge (patterns longer than the warm-up of a short one too) are found once,
    /// in one stream's order.
    @Test func windowsReportWhatOneStreamReportsInItsOrder() {
        let pieces = ["食品", "安全", "中毒", "AI", " ", "，", "5G基站", "过期", "食", "𠀀"]
        let patterns = ["食品安全", "安全中毒", "AI", "5G基站", "过期食品", "食", "品安全中毒AI 5G基站", String(repeating: "食品", count: 40)]
        var state: UInt64 = 20_261_206
        for round in 0..<12 {
            var text: [UInt8] = []
            let length = MultiPatternMatcher.windowSize * (1 + round % 4) + round * 37
            while text.count < length {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                // Runs of 食品 long enough for the longest pattern now and then.
                let piece = state >> 60 == 0 ? String(repeating: "食品", count: 45) : pieces[Int((state >> 33) % UInt64(pieces.count))]
                text += Array(piece.utf8)
            }
            for budget in [MultiPatternMatcher.defaultDenseBudget, 1_000] {
                let matcher = MultiPatternMatcher(patterns: patterns, denseBudget: budget)
                var reported: [(pattern: Int, end: Int)] = []
                text.withUnsafeBufferPointer { buffer in matcher.forEachMatch(in: buffer) { reported.append(($0, $1)) } }
                let expected = matcher.singleStreamReports(in: text)
                #expect(reported.count == expected.count && reported.map(\.end) == expected.map(\.end), "round \(round), budget \(budget)")
                #expect(reported.map(\.pattern) == expected.map(\.pattern), "round \(round), budget \(budget)")
                #expect(expected.contains { $0.pattern == patterns.count - 1 }, "the longest pattern occurs")
            }
        }
    }

    /// Each field's hits and normalised bytes are what the field alone gives: scanning the
    /// fields as one text never joins or loses an occurrence at a field's edge, Latin
    /// terms keep their word boundaries there, and a field that needs the full NFKC path
    /// (㍿, a combining accent) still lines up with the others.
    @Test func fieldsScannedTogetherMatchFieldsScannedAlone() async {
        let pieces = ["食品", "安全", "中毒", "ai", "AI", "5g", "5G", " ", "，", "said", "G", "㍿", "e\u{301}", "過期", "食", "全中"]
        let piece = Gen<String?>.element(of: pieces).map { $0 ?? "食" }
        let field = piece.array(of: 0...12).map { $0.joined() }
        let topics = [
            Topic(name: "a", any: ["食品安全", "中毒"]), Topic(name: "b", any: ["ai", "5g"]),
            Topic(name: "c", any: ["全中", "品安", "过期", "株式会社"]), Topic(name: "d", any: ["g"]),
        ]
        let scorer = TopicScorer(topics: topics, judgement: nil)
        await propertyCheck(count: 300, input: field, field, field) { title, summary, source in
            let together = scorer.match(title: title, summary: summary, source: source)
            for (field, text) in zip(MatchedText.Field.allCases, [title, summary, source]) {
                let alone = scorer.match(title: text, summary: "", source: "")
                #expect(together.normalized(field) == TextNormalizer.normalizedUTF8(text), "\(field)")
                #expect(Array(together.hits(field)) == Array(alone.hits(.title)), "\(field): \(text)")
            }
        }
    }
}
