import Foundation
import Testing

@testable import Analysis

/// The ramp test's likelihood-ratio form: climbs that began hours ago.
struct TrendRampTests {
    /// Fourteen days of one story an hour, then a climb of six hours: 2, 3, 4, 5, 6, 8
    /// stories an hour — 28 stories where 6 were expected, but never 10 in one hour.
    static func climb() -> (counts: [Int], now: Int) {
        var counts = (0..<(14 * TrendDetector.bucketsPerDay)).map { $0 % TrendDetector.bucketsPerHour == 0 ? 1 : 0 }
        for (hour, stories) in [2, 3, 4, 5, 6, 8].enumerated() {
            let first = counts.count - (6 - hour) * TrendDetector.bucketsPerHour
            for bucket in first..<(first + TrendDetector.bucketsPerHour) { counts[bucket] = 0 }
            for story in 0..<stories { counts[first + story * TrendDetector.bucketsPerHour / stories] += 1 }
        }
        return (counts, counts.count - 1)
    }

    @Test func aLongClimbIsARampWhereTheLastTwoHoursAreNot() throws {
        let (counts, now) = Self.climb()
        let detector = TrendDetector()
        let alpha = detector.falseAlarmRate * TrendDetector.rampLevel
        #expect(!detector.isRamp(counts, now: now, kind: .daily, alpha: alpha), "ten stories in the last hour are the two-hour rule's floor")
        let hours = try #require(detector.rampByLikelihood(counts, now: now, kind: .daily, alpha: alpha))
        #expect(hours >= 4, "the climb began hours ago: \(hours)")
        let ratio = detector.rampLikelihood(counts, now: now, kind: .daily).ratio
        #expect(ratio >= log(24 / alpha))
        // Half as many stories in each hour of the climb: not enough evidence.
        var half = counts
        for bucket in (now - 6 * TrendDetector.bucketsPerHour + 1)...now where half[bucket] > 0 && bucket % 2 == 0 { half[bucket] = 0 }
        #expect(detector.rampByLikelihood(half, now: now, kind: .daily, alpha: alpha) == nil)
    }

    @Test func aClimbThatEndedHoursAgoIsNoLongerARamp() {
        var (counts, _) = Self.climb()
        counts += (0..<(3 * TrendDetector.bucketsPerHour)).map { $0 % TrendDetector.bucketsPerHour == 0 ? 1 : 0 }
        let now = counts.count - 1
        let detector = TrendDetector()
        // The longer stretches still hold the climb, but the last hour is back to normal.
        #expect(detector.rampLikelihood(counts, now: now, kind: .daily).ratio > 0)
        #expect(detector.rampByLikelihood(counts, now: now, kind: .daily, alpha: 3e-3) == nil)
    }

    @Test func anOrdinaryDayHasNoRamp() {
        // A daily shape with a morning step from a third to the full rate: the baseline knows it.
        let counts = TrendDetectorTests.history(days: 6, base: 6)
        let detector = TrendDetector()
        let lastDay = (counts.count - TrendDetector.bucketsPerDay)..<counts.count
        #expect(lastDay.allSatisfy { detector.rampByLikelihood(counts, now: $0, kind: .daily, alpha: 3e-3) == nil })
    }
}
