import Foundation
import Testing

@testable import Analysis

/// The baseline reads four weeks of comparable days, and trusts them as much as their
/// number allows.
struct TrendBaselineTests {
    /// Twenty-nine days of counts: the last `recent` and a half days at one story per
    /// bucket, the days before at three — the change half a day from the buckets the last
    /// bucket's baseline reads.
    static func history(recent: Int) -> [Int] {
        let bucketsPerDay = TrendDetector.bucketsPerDay, count = 29 * bucketsPerDay
        let quietFrom = count - 1 - recent * bucketsPerDay - bucketsPerDay / 2
        return (0..<count).map { $0 >= quietFrom ? 1 : 3 }
    }

    @Test func theBaselineIsTheMedianOfFourWeeksOfDays() {
        // Without the day of the week known, every earlier day is comparable: the last 28, 10
        // quiet and 18 busy, so the median is a busy day's rate. A week of days alone
        // would have read only quiet days.
        let counts = Self.history(recent: 10)
        let now = counts.count - 1
        let detector = TrendDetector()
        let expected = detector.expected(counts, bucket: now, kind: .daily, before: now)
        #expect(expected.value == 3)
        #expect(expected.read == 28)
        // With more quiet days than busy ones, the quiet rate.
        let quieter = Self.history(recent: 15)
        #expect(detector.expected(quieter, bucket: now, kind: .daily, before: now).value == 1)
    }

    @Test func moreDaysAreTrustedMore() {
        let detector = TrendDetector()
        #expect(abs(detector.error(days: 7) - 0.15) < 1e-12)
        #expect(abs(detector.error(days: 20) - 0.15 * (7.0 / 20).squareRoot()) < 1e-12)
        #expect(abs(detector.error(days: 1) - 0.15 * 7.0.squareRoot()) < 1e-12)
        #expect(TrendDetector(baselineError: 0.3).error(days: 1) == 0.5, "one day is trusted at most to a half")
        #expect(detector.error(days: Int.max) == 0.15, "the trailing baseline has no comparable days")
        // A window's error is that of the fewest days any of its buckets read.
        let counts = Self.history(recent: 0)
        let now = counts.count - 1
        let seen = detector.observed(counts, now: now, length: 12, kind: .daily)
        #expect(abs(seen.error - detector.error(days: 28)) < 1e-12)
        #expect(abs(seen.expected - 36) < 1e-9)
    }

    @Test func weeksAreNoLongerABaselineOfTheirOwn() {
        let counts = TrendDetectorTests.history(days: 22, base: 2)
        #expect(TrendDetector().evaluate(counts, now: counts.count - 1).baseline == .daily)
    }
}
