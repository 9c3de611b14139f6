import Foundation

/// Over-dispersion: real counts are burstier than Poisson (a busy morning, a clump of
/// reposts), so the tests for rises use a negative binomial whose extra variance is
/// estimated from the topic's own history.
extension TrendDetector {
    /// α in var = μ + α μ² (from the running totals of the counts), by the method of
    /// moments over the hourly counts of up to the last 14 days before bucket `before`: for
    /// each hour of the day, the spread of that hour's count across comparable days (median
    /// absolute deviation) beyond its median. Comparable days are those the daily baseline
    /// compares — weekdays with weekdays, weekends with weekends, when `weekend` tells them
    /// apart — so that a quieter weekend does not read as burstiness (on Poisson counts it
    /// made α 0.007–0.07 instead of about 0, which slowed every rise test on busy topics). 0 with
    /// fewer than three days; at most 2.
    static func dispersion(_ prefix: [Int], before: Int, weekend: (Int) -> Bool? = { _ in nil }) -> Double {
        let end = min(before, prefix.count - 1)
        let days = min(14, end / bucketsPerDay)
        guard days >= 3 else { return 0 }
        let start = end - days * bucketsPerDay
        var excess = 0.0, squares = 0.0
        // Which of the days' hours fall on a weekend, in the order read below.
        let isWeekend = (0..<(days * 24)).map { weekend(start + $0 * bucketsPerHour) ?? false }
        for hour in 0..<24 {
            for wanted in [false, true] {
                let values = (0..<days).compactMap { day -> Double? in
                    guard isWeekend[day * 24 + hour] == wanted else { return nil }
                    let from = start + day * bucketsPerDay + hour * bucketsPerHour
                    return Double(prefix[from + bucketsPerHour] - prefix[from])
                }
                guard values.count >= 3 else { continue }
                // Robust spread (median and median absolute deviation): an event in the
                // history must not pass for everyday burstiness.
                let center = median(values)
                let spread = 1.4826 * median(values.map { abs($0 - center) })
                excess += spread * spread - center
                squares += center * center
            }
        }
        guard squares > 0 else { return 0 }
        return min(2, max(0, excess / squares))
    }

    /// `result[i]` = the sum of `counts[..<i]`.
    static func prefixSums(_ counts: [Int]) -> [Int] {
        var sums = [0]
        sums.reserveCapacity(counts.count + 1)
        for count in counts { sums.append((sums.last ?? 0) + count) }
        return sums
    }

    /// P(X ≥ k) for X negative binomial with this mean and var = mean + α mean² (Poisson
    /// when α is 0).
    static func upperTail(_ k: Int, _ mean: Double, dispersion alpha: Double) -> Double {
        guard alpha > 1e-9 else { return upperTail(k, mean) }
        guard k > 0 else { return 1 }
        guard mean > 0 else { return 0 }
        let r = 1 / alpha
        let p = r / (r + mean)
        var logTerm = r * log(p)  // P(X = 0)
        var below = exp(logTerm)
        for i in 1..<k {
            logTerm += log((Double(i) - 1 + r) / Double(i)) + log(1 - p)
            below += exp(logTerm)
        }
        return max(0, 1 - min(1, below))
    }
}
