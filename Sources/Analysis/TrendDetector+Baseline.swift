import Foundation

/// What the detector expects: the baselines and how far to trust them.
extension TrendDetector {
    /// Stories seen and expected over a window, how far off the expectation may be, and how
    /// much history it rests on (see `observedWithHistory`).
    typealias Observation = (current: Int, expected: Double, error: Double, read: Int, stories: Int)

    func baselineKind(history: Int) -> TrendSignal.Baseline {
        history >= Self.bucketsPerDay + 2 * Self.bucketsPerHour ? .daily : .trailing
    }

    /// How many days back the comparable days are read: four weeks, 20 weekdays or 8
    /// weekend days. How many days the normal is read from decides more of a busy topic's
    /// detection than the tests' form: read from a week, ramps were found up to 8 buckets
    /// later than the evaluation's bound (BENCHMARKS.md, session 19).
    static let comparableSpan = 28

    /// Stories seen and expected over the `length` buckets ending at `now`, the expectation
    /// from history before `before` (default: the window's start). A test for a fall on a
    /// weekend's first comparable days also leaves out an implausibly busy day (`pooled`).
    func observed(
        _ counts: [Int], now: Int, length: Int, kind: TrendSignal.Baseline, favour: TrendSignal.Direction = .rising, before: Int? = nil
    ) -> (current: Int, expected: Double, error: Double) {
        let seen = observedWithHistory(counts, now: now, length: length, kind: kind, favour: favour, before: before)
        return (seen.current, seen.expected, seen.error)
    }

    /// The same, and how much history the expectation rests on: the fewest days it was read
    /// from and the fewest stories those days held around a bucket (`Int.max` for the
    /// trailing baseline).
    func observedWithHistory(
        _ counts: [Int], now: Int, length: Int, kind: TrendSignal.Baseline, favour: TrendSignal.Direction, before: Int?
    ) -> Observation {
        var current = 0
        var expected = 0.0
        var fewestDays = Int.max, fewestRead = Int.max
        var fewestStories = Int.max
        let before = before ?? now - length + 1
        for bucket in max(0, now - length + 1)...max(0, now) where bucket < counts.count {
            current += counts[bucket]
            var value = self.expected(counts, bucket: bucket, kind: kind, before: before, favour: favour)
            if kind == .trailing { value.value = max(value.value, 1) }  // warm-up: no "expected nothing"
            expected += value.value
            fewestDays = min(fewestDays, value.days)
            fewestRead = min(fewestRead, value.read)
            fewestStories = min(fewestStories, value.stories)
        }
        return (current, expected, error(days: fewestDays), fewestRead, fewestStories)
    }

    /// How far off a baseline from `days` comparable days may be: `baselineError` with a
    /// week of them, as 1/√days with more or fewer (8.9 % with 20), at most one half; the
    /// trailing baseline (`Int.max`: no comparable days) `baselineError`.
    func error(days: Int) -> Double {
        guard days != Int.max else { return baselineError }
        return min(0.5, baselineError * (7 / Double(max(1, days))).squareRoot())
    }

    /// The expected count of one bucket, from history before bucket `before` only; how many
    /// comparable days it rests on (`Int.max` for the trailing baseline), from how many days
    /// it was read, and how many stories they held around the bucket (`Int.max` for the
    /// trailing baseline).
    func expected(
        _ counts: [Int], bucket: Int, kind: TrendSignal.Baseline, before: Int, favour: TrendSignal.Direction = .rising
    ) -> (value: Double, days: Int, read: Int, stories: Int) {
        switch kind {
        case .daily, .weekly:
            // Weekdays from weekdays, weekends from weekends, once the day of each bucket is known.
            let weekend = isWeekend(bucket)
            let days = (1...Self.comparableSpan).filter { bucket - $0 * Self.bucketsPerDay >= 0 && isWeekend(bucket - $0 * Self.bucketsPerDay) == weekend }
            // Fewer than three comparable days (the first two weekends): all days, trusted as
            // one — unless two hold enough stories to be read on their own.
            guard days.count >= 3 || (days.count == 2 && twoDaysSuffice(days.map { bucket - $0 * Self.bucketsPerDay }, counts: counts, before: before)) else {
                let centers = (1...7).map { bucket - $0 * Self.bucketsPerDay }
                let all = pooled(centers, counts: counts, before: before)
                return (all.rate, 1, centers.filter { $0 >= 0 }.count, all.stories)
            }
            let centers = days.map { bucket - $0 * Self.bucketsPerDay }
            // A weekend's three or four days: for a fall, without an implausibly busy one.
            let trim = favour == .falling && centers.count <= 4
            let same = pooled(centers, counts: counts, before: before, trimBusiest: trim)
            let read = centers.filter { $0 >= 0 }.count
            return (same.rate, read, read, same.stories)
        case .trailing:
            let end = before - 1
            let start = max(0, end - 6 * Self.bucketsPerHour + 1)
            guard end >= start else { return (0, Int.max, Int.max, Int.max) }
            let values = counts[start...end].map(Double.init).sorted()
            let trim = values.count / 10
            let kept = values.dropFirst(trim).dropLast(trim)
            return (kept.isEmpty ? 0 : kept.reduce(0, +) / Double(kept.count), Int.max, Int.max, Int.max)
        }
    }

    /// The median over comparable days of the mean count around the same time of day:
    /// ±30 minutes on a busy topic, widened (±1, ±2, ±4 hours) until the days hold at least
    /// `pooledStories` between them — a sparse topic's median of ±30 minutes is mostly 0,
    /// which would make any story a surprise. Still nothing: half a story over all those
    /// buckets, not zero. `trimBusiest` leaves out the busiest of three or more days when
    /// its count is implausible beside the others' median (beyond it by 3 Poisson standard
    /// deviations and one story): a weekend has only three or four comparable days in two
    /// weeks, and two of them holding events at that hour made an ordinary evening read as
    /// a fall. (Leaving the busiest day out always, or for weekdays and weeks too, cost
    /// drops their evidence on the evaluation streams: planted drops went unseen.)
    /// - Returns: the rate per bucket, and the stories the days held around the bucket.
    func pooled(_ centers: [Int], counts: [Int], before: Int, trimBusiest: Bool = false) -> (rate: Double, stories: Int) {
        var days: [(stories: Int, buckets: Int)] = []
        var total = 0, buckets = 0
        for halfWidth in [6, 12, 24, 48] {
            days = []
            (total, buckets) = (0, 0)
            for center in centers {
                guard let day = storiesAround(center, halfWidth: halfWidth, counts: counts, before: before) else { continue }
                days.append(day)
                (total, buckets) = (total + day.stories, buckets + day.buckets)
            }
            if total >= Self.pooledStories { break }
        }
        var rates = days.map { Double($0.stories) / Double($0.buckets) }
        if trimBusiest && rates.count >= 3, let busiest = rates.indices.max(by: { rates[$0] < rates[$1] }) {
            var others = rates
            others.remove(at: busiest)
            let expected = Self.median(others) * Double(days[busiest].buckets)
            if Double(days[busiest].stories) > expected + 3 * expected.squareRoot() + 1 { rates = others }
        }
        let median = Self.median(rates)
        return (median > 0 || buckets == 0 ? median : (Double(total) + 0.5) / Double(buckets), total)
    }

    /// Whether two comparable days (the second weekend) hold enough stories within ±30
    /// minutes of the bucket to be its baseline on their own: at least 1/e² for the error e
    /// the tests then allow (`error(days: 2)`, about 13 stories), so that the days' own
    /// counting noise is no larger than that error. A busy topic's second Saturday is then
    /// judged against the first weekend, not against the weekdays' median (which hid its
    /// ramps); a quiet topic's two days hold a handful of stories and still fall back.
    func twoDaysSuffice(_ centers: [Int], counts: [Int], before: Int) -> Bool {
        let stories = centers.compactMap { storiesAround($0, halfWidth: 6, counts: counts, before: before)?.stories }.reduce(0, +)
        let error = self.error(days: 2)
        return Double(stories) >= 1 / (error * error)
    }

    /// The stories in the buckets within `halfWidth` of `center` that are known before
    /// `before`, and how many buckets that is; nil when there are none.
    func storiesAround(_ center: Int, halfWidth: Int, counts: [Int], before: Int) -> (stories: Int, buckets: Int)? {
        let low = max(0, center - halfWidth), high = min(counts.count - 1, center + halfWidth, before - 1)
        guard center >= 0, high >= low else { return nil }
        let stories = prefix.count == counts.count + 1 ? prefix[high + 1] - prefix[low] : counts[low...high].reduce(0, +)
        return (stories, high - low + 1)
    }

    /// Stories the comparable days must hold around a bucket for its baseline to be read
    /// from ±30 minutes; fewer widen the span.
    static let pooledStories = 12

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
