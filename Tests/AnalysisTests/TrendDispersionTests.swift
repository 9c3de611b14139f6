import Foundation
import Testing

@testable import Analysis
import YuqingTesting

/// Over-dispersion: how far a topic's counts vary beyond Poisson noise, measured among the
/// days its baseline compares.
struct TrendDispersionTests {
    /// Seeded Poisson counts, `rate(bucket)` stories expected per bucket; with `burstiness`,
    /// each hour's rate is multiplied by a gamma factor of shape 2 and mean 1 (a negative
    /// binomial with α = 0.5, as the evaluation streams' sparse topics are drawn).
    static func poisson(buckets: Int, seed: UInt64, burstiness: Bool = false, rate: (Int) -> Double) -> [Int] {
        var generator = SplitMix64(seed: seed)
        let uniform = { generator.unitInterval() }
        var factor = 1.0
        return (0..<buckets).map { bucket in
            if burstiness && bucket % TrendDetector.bucketsPerHour == 0 { factor = -(log(uniform()) + log(uniform())) / 2 }
            let limit = exp(-rate(bucket) * factor)
            var product = uniform(), count = 0
            while product > limit {
                product *= uniform()
                count += 1
            }
            return count
        }
    }

    @Test func quieterWeekendsAreNotReadAsBurstiness() {
        // Poisson counts, a quarter fewer on weekends: no over-dispersion among comparable days.
        var dated = TrendDetector()
        dated.firstBucket = TrendDetectorTests.monday
        let counts = Self.poisson(buckets: 15 * TrendDetector.bucketsPerDay, seed: 61) { bucket in
            dated.isWeekend(bucket) == true ? 2.25 : 3
        }
        let prefix = TrendDetector.prefixSums(counts)
        let mixed = TrendDetector.dispersion(prefix, before: counts.count)
        let split = TrendDetector.dispersion(prefix, before: counts.count, weekend: dated.isWeekend)
        #expect(split < 0.005, "\(split)")
        #expect(mixed > split, "weekdays and weekends pooled read as burstiness: \(mixed)")
    }

    @Test func burstyCountsKeepTheirOverDispersion() {
        var dated = TrendDetector()
        dated.firstBucket = TrendDetectorTests.monday
        let counts = Self.poisson(buckets: 15 * TrendDetector.bucketsPerDay, seed: 67, burstiness: true) { bucket in
            dated.isWeekend(bucket) == true ? 0.75 : 1
        }
        let split = TrendDetector.dispersion(TrendDetector.prefixSums(counts), before: counts.count, weekend: dated.isWeekend)
        #expect((0.25...1).contains(split), "α = 0.5 drawn, \(split) estimated")
    }
}
