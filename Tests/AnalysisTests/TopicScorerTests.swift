import Foundation
import Testing

@testable import Analysis

struct TopicScorerTests {
    let scorer = TopicScorer(topics: [
        Topic(name: "食品安全", any: ["食品安全", "食物中毒", "过期食品"], none: ["演练"]),
        Topic(name: "人工智能", any: ["AI", "人工智能"]),
        Topic(name: "5G", all: ["5G基站", "建设"]),
        Topic(name: "加权", any: ["台风"], weight: 2),
    ], judgement: nil)

    @Test func chineseSubstringsAndExclusions() {
        let hit = scorer.score(title: "某市发生食物中毒事件", summary: "")
        #expect(hit.map(\.topic) == ["食品安全"])
        #expect(hit.first?.terms == ["食物中毒"])
        #expect(scorer.score(title: "食品安全应急演练", summary: "").isEmpty)
    }

    @Test func latinTermsOnWordBoundaries() {
        #expect(scorer.score(title: "He said it was fine", summary: "").isEmpty)
        #expect(scorer.score(title: "AI芯片出口", summary: "").map(\.topic) == ["人工智能"])
        #expect(scorer.score(title: "New ai chips", summary: "").map(\.topic) == ["人工智能"])
        #expect(scorer.score(title: "Training AIs", summary: "").isEmpty)
    }

    @Test func fullWidthAndZeroWidthAreNormalised() {
        #expect(scorer.score(title: "ＡＩ监管", summary: "").map(\.topic) == ["人工智能"])
        #expect(scorer.score(title: "食\u{200B}物中毒", summary: "").map(\.topic) == ["食品安全"])
    }

    @Test func allOfAndMixedTerms() {
        #expect(scorer.score(title: "5G基站建设提速", summary: "").map(\.topic) == ["5G"])
        #expect(scorer.score(title: "5G基站", summary: "").isEmpty)
    }

    @Test func scoreFormula() {
        // One title hit: 100·(1−e^−1) = 63; summary only: 100·(1−e^−0.5) = 39.
        #expect(scorer.score(title: "过期食品", summary: "").first?.score == 63)
        #expect(scorer.score(title: "", summary: "过期食品").first?.score == 39)
        #expect(scorer.score(title: "过期食品", summary: "过期食品").first?.score == 75)
        #expect(scorer.score(title: "食物中毒 过期食品", summary: "").first?.score == 86)
        // Repeats saturate.
        let many = scorer.score(title: "", summary: String(repeating: "过期食品 ", count: 50)).first?.score ?? 0
        #expect(many < 70)
        // Weight multiplies, capped at 100.
        #expect(scorer.score(title: "台风", summary: "").first?.score == 100)
    }

    @Test func matcherFindsOverlappingPatterns() {
        let matcher = MultiPatternMatcher(patterns: ["暴雨", "大暴雨", "雨"])
        let found = matcher.matches(in: "今夜有大暴雨")
        #expect(Set(found.map(\.pattern)) == [0, 1, 2])
        #expect(found.first { $0.pattern == 1 }?.start == 9)
    }

    @Test func trendSummaryCountsWindows() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let events: [(topic: String, time: Date)] = [
            ("A", now.addingTimeInterval(-60)), ("A", now.addingTimeInterval(-120)),
            ("A", now.addingTimeInterval(-5000)), ("A", now.addingTimeInterval(-90000)),
            ("B", now.addingTimeInterval(-100_000)),
        ]
        let summaries = TrendSummary.summarize(events: events, topics: ["A", "B", "C"], now: now)
        let a = summaries.first { $0.topic == "A" }
        #expect(a == TrendSummary(topic: "A", lastHour: 2, previousHour: 1, count: 3, previousCount: 1))
        #expect(a?.change == 2)
        #expect(summaries.first { $0.topic == "B" }?.change == -1)
        #expect(summaries.map(\.topic) == ["A", "B", "C"])
        let hourly = TrendSummary.summarize(events: events, topics: ["A"], now: now, window: 3600)
        #expect(hourly.first { $0.topic == "A" }.map { [$0.count, $0.previousCount] } == [2, 1])
    }
}
