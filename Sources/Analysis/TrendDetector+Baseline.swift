import Foundation

/// What the detector expects: the baselines and how far to trust them.
extension TrendDetector {
    func baselineKind(history: Int) -> TrendSignal.Baseline {
        if history >= 3 * Self.bucketsPerWeek + window { return .weekly }
        if history >= Self.bucketsPerDay + 2 * Self.bucketsPerHour { return .daily }
        return .trailing
    }

    /// Stories seen and expected over the `length` buckets ending at `now`, the expectation
    /// from history before `before` (default: the window's start). With 3 weeks of
    /// history both the weekly and the daily expectation are known; a test for a rise
    /// uses the higher, a test for a fall the lower, so one odd week cannot fake either.
    func observed(
        _ counts: [Int], now: Int, length: Int, kind: TrendSignal.Baseline, favour: TrendSignal.Direction = .rising, before: Int? = nil
    ) -> (current: Int, expected: Double, error: Double) {
        var current = 0
        var expected = 0.0
        var fewestDays = Int.max
        let before = before ?? now - length + 1
        for bucket in max(0, now - length + 1)...max(0, now) where bucket < counts.count {
            current += counts[bucket]
            var value = self.expected(counts, bucket: bucket, kind: kind, before: before)
            if kind == .weekly {
                let daily = self.expected(counts, bucket: bucket, kind: .daily, before: before)
                value.value = favour == .falling ? min(value.value, daily.value) : max(value.value, daily.value)
            }
            if kind == .trailing { value.value = max(value.value, 1) }  // warm-up: no "expected nothing"
            expected += value.value
            fewestDays = min(fewestDays, value.days)
        }
        return (current, expected, error(days: fewestDays))
    }

    /// How far off a baseline from `days` comparable days may be: `baselineError` with a
    /// week of them, more with fewer (as 1/√days), at most one half.
    func error(days: Int) -> Double {
        days >= 7 ? baselineError : min(0.5, baselineError * (7 / Double(max(1, days))).squareRoot())
    }

    /// The expected count of one bucket, from history before bucket `before` only, and how
    /// many comparable days it rests on (`Int.max` for the weekly and trailing baselines).
    func expected(_ counts: [Int], bucket: Int, kind: TrendSignal.Baseline, before: Int) -> (value: Double, days: Int) {
        func smoothed(_ center: Int) -> Double? {
            let low = max(0, center - 6), high = min(counts.count - 1, center + 6, before - 1)
            guard center >= 0, high >= low else { return nil }
            return Double(counts[low...high].reduce(0, +)) / Double(high - low + 1)
        }
        switch kind {
        case .weekly:
            return (Self.median((1...4).compactMap { smoothed(bucket - $0 * Self.bucketsPerWeek) }), Int.max)
        case .daily:
            // Weekdays from weekdays, weekends from weekends, once the day of each bucket is known.
            let weekend = isWeekend(bucket)
            let days = (1...14).filter { bucket - $0 * Self.bucketsPerDay >= 0 && isWeekend(bucket - $0 * Self.bucketsPerDay) == weekend }
            // Fewer than three comparable days (the first two weekends): all days, trusted as one.
            guard days.count >= 3 else { return (Self.median((1...7).compactMap { smoothed(bucket - $0 * Self.bucketsPerDay) }), 1) }
            let values = days.prefix(7).compactMap { smoothed(bucket - $0 * Self.bucketsPerDay) }
            return (Self.median(values), values.count)
        case .trailing:
            let end = before - 1
            let start = max(0, end - 6 * Self.bucketsPerHour + 1)
            guard end >= start else { return (0, Int.max) }
            let values = counts[start...end].map(Double.init).sorted()
            let trim = values.count / 10
            let kept = values.dropFirst(trim).dropLast(trim)
            return (kept.isEmpty ? 0 : kept.reduce(0, +) / Double(kept.count), Int.max)
        }
    }

    /// Whether bucket `index` falls on a Saturday or Sunday, local time; nil if unknown.
    func isWeekend(_ index: Int) -> Bool? {
        guard let firstBucket else { return nil }
        let seconds = (firstBucket + index) * 300 + utcOffset
        let day = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        return ((day + 3) % 7 + 7) % 7 >= 5  // 1970-01-01 was a Thursday; 0 is Monday
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
