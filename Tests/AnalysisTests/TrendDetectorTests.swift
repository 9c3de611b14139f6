import Foundation
import Testing

@testable import Analysis

struct TrendDetectorTests {
    /// A deterministic daily pattern: `base` stories per bucket by day, fewer at night.
    static func history(days: Int, base: Int) -> [Int] {
        (0..<(days * TrendDetector.bucketsPerDay)).map { bucket in
            let hour = (bucket % TrendDetector.bucketsPerDay) / TrendDetector.bucketsPerHour
            let level = hour < 7 ? base / 3 : base
            return level + (bucket % 3 == 0 ? 1 : 0)
        }
    }

    @Test func steadyTrafficIsSteady() {
        let counts = Self.history(days: 5, base: 4)
        let signal = TrendDetector().evaluate(counts, now: counts.count - 1)
        #expect(signal.direction == .steady)
        #expect(signal.baseline == .daily)
        #expect(abs(signal.score) < 1.5)
    }

    @Test func burstIsRisingWithinOneBucket() {
        var counts = Self.history(days: 5, base: 4)
        counts[counts.count - 1] += 30
        let signal = TrendDetector().evaluate(counts, now: counts.count - 1)
        #expect(signal.direction == .rising)
        #expect(signal.score >= 3)
    }

    @Test func smallCountsNeedTheFloor() {
        var counts = Self.history(days: 5, base: 0)
        counts[counts.count - 1] = 3  // from about one to 3: improbable, but below minEvents
        counts[counts.count - 2] = 0
        counts[counts.count - 3] = 0
        #expect(TrendDetector().evaluate(counts, now: counts.count - 1).direction == .steady)
        counts[counts.count - 1] = 6
        counts[counts.count - 2] = 6
        #expect(TrendDetector().evaluate(counts, now: counts.count - 1).direction == .rising)
    }

    @Test func aQuietTopicRisesOverAnHourAndStopsWhenTheBurstEnds() {
        // One story every three hours, then eight in the last hour: rising, over a longer window.
        var sparse = (0..<(14 * TrendDetector.bucketsPerDay)).map { $0 % 36 == 0 ? 1 : 0 }
        let now = sparse.count - 1
        for bucket in [now - 11, now - 10, now - 8, now - 6, now - 5, now - 3, now - 2, now] { sparse[bucket] = 1 }
        let onset = TrendDetector().evaluate(sparse, now: now)
        #expect(onset.direction == .rising, "\(onset)")
        #expect((onset.evidence?.minutes ?? 0) > 15)
        // A burst of an hour on a topic of four stories an hour is rising while it lasts; an
        // hour and a half after it ended the three-hour window still holds it, but the rise is over.
        var counts = Self.history(days: 14, base: 0)
        let end = counts.count - 1
        for bucket in (end - 29)...(end - 18) { counts[bucket] = 3 }
        #expect(TrendDetector().evaluate(counts, now: end - 18).direction == .rising)
        #expect(TrendDetector().evaluate(counts, now: end).direction != .rising)
    }

    @Test func dropIsFalling() {
        var counts = Self.history(days: 5, base: 10)
        for bucket in (counts.count - 9)..<counts.count { counts[bucket] = 0 }  // 45 minutes of silence
        #expect(TrendDetector().evaluate(counts, now: counts.count - 1).direction == .falling)
    }

    @Test func slowRampIsRamp() {
        var counts = Self.history(days: 5, base: 6)
        let hours = 6
        for hour in 0..<hours {
            for bucket in 0..<TrendDetector.bucketsPerHour {
                let index = counts.count - (hours - hour) * TrendDetector.bucketsPerHour + bucket
                counts[index] += hour  // +0 … +5 stories per bucket, hour by hour
            }
        }
        let signal = TrendDetector().evaluate(counts, now: counts.count - 1)
        #expect(signal.direction == .ramp || signal.direction == .rising)
        #expect(TrendDetector().isRamp(counts, now: counts.count - 1, kind: .daily, alpha: 1e-2))
    }

    /// Monday 2026-10-26 00:00 in UTC+8, as an absolute bucket (Unix time / 300).
    static let monday = 5_976_480

    /// Days from `monday`: weekdays at `weekday` stories per bucket, weekends at `weekend`.
    static func week(days: Int, weekday: Int, weekend: Int) -> [Int] {
        (0..<(days * TrendDetector.bucketsPerDay)).map { bucket in
            let day = bucket / TrendDetector.bucketsPerDay % 7
            return (day >= 5 ? weekend : weekday) + (bucket % 3 == 0 ? 1 : 0)
        }
    }

    @Test func weekendsAreJudgedByWeekends() {
        // Two and a half weeks: the third Saturday has four weekend days before it.
        var counts = Self.week(days: 19, weekday: 6, weekend: 2)
        counts += [Int](repeating: 2, count: 4 * TrendDetector.bucketsPerHour)  // Saturday morning, as weekends go
        let now = counts.count - 1
        let detector = TrendDetector()
        #expect(detector.evaluate(counts, now: now, firstBucket: Self.monday).direction == .steady)
        #expect(detector.isWeekend(0) == nil, "without a date, days are not told apart")
        // Judged by weekdays, the same Saturday looks like a collapse.
        #expect(detector.evaluate(counts, now: now).direction == .falling)
    }

    @Test func weekendEventsAtTheSameHourDoNotMakeAnOrdinaryWeekendAFall() {
        // The third Saturday's morning has four weekend days before it; two of them held an
        // event over the same hours (four times the usual stories).
        var counts = Self.week(days: 19, weekday: 6, weekend: 2)
        for day in [12, 13] {
            for bucket in (day * TrendDetector.bucketsPerDay)..<(day * TrendDetector.bucketsPerDay + 4 * TrendDetector.bucketsPerHour) {
                counts[bucket] = 8
            }
        }
        counts += [Int](repeating: 2, count: 4 * TrendDetector.bucketsPerHour)
        let now = counts.count - 1
        let detector = TrendDetector()
        #expect(detector.evaluate(counts, now: now, firstBucket: Self.monday).direction == .steady)
        // The busiest day is left out for a fall only: the rise test still reads the median.
        var dated = detector
        dated.firstBucket = Self.monday
        let falling = dated.observed(counts, now: now, length: 3, kind: .daily, favour: .falling)
        let rising = dated.observed(counts, now: now, length: 3, kind: .daily, favour: .rising)
        #expect(falling.expected < rising.expected, "\(falling.expected) against \(rising.expected)")
    }

    @Test func shallowLongDropIsFallingOnceTheEvidenceIsIn() {
        var counts = Self.history(days: 5, base: 6)
        let start = counts.count - 2 * TrendDetector.bucketsPerHour
        for bucket in start..<counts.count { counts[bucket] = bucket % 2 == 0 ? 2 : 3 }  // about 0.4 × normal for 2 hours
        let detector = TrendDetector()
        #expect(detector.evaluate(counts, now: start + 2).direction == .steady, "15 minutes are not enough to tell")
        #expect(detector.evaluate(counts, now: counts.count - 1).direction == .falling)
        let test = detector.cusum(counts, now: counts.count - 1, kind: .daily, ratio: TrendDetector.dropRatio, horizon: 48)
        #expect(test.statistic > log(1e4))
        #expect((20...24).contains(test.length), "the evidence is the two hours of the drop, not more: \(test.length)")
        let signal = detector.evaluate(counts, now: counts.count - 1)
        #expect(signal.evidence?.minutes == test.length * 5)
        #expect((signal.evidence?.score ?? 0) < -3, "over its evidence the drop is clear even when 15 minutes are not")
    }

    @Test func youngHistoryUsesTheTrailingBaseline() {
        let counts = [Int](repeating: 2, count: 100)
        #expect(TrendDetector().evaluate(counts, now: 99).baseline == .trailing)
    }

    @Test func emergingPhrasesWithoutKeywords() {
        let background = (0..<200).map { "第\($0)期 市政府召开常务会议 部署经济工作" }
        let current = (0..<6).map { "某市化工厂爆炸致\($0)人受伤" } + ["市政府召开常务会议 部署经济工作", "气象台发布天气预报"]
        let terms = EmergingTerms().find(current: current, baseline: background)
        #expect(terms.first?.phrase.contains("化工厂爆炸") == true, "\(terms.map(\.phrase))")
        #expect(!terms.contains { $0.phrase.contains("常务会议") }, "what the baseline already has is not emerging")
        #expect(EmergingTerms.terms("的确").isEmpty, "stop characters do not start or end a term")
    }
}
