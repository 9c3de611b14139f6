import Foundation

/// What the detector says about one topic at one moment.
public struct TrendSignal: Sendable, Codable, Equatable {
    public enum Direction: String, Sendable, Codable {
        /// Well above the baseline in the last window.
        case rising
        /// Well below it.
        case falling
        /// Above it and climbing steadily for hours.
        case ramp
        case steady
    }

    /// Which baseline was used: the same time of the week (≥ 3 weeks of history), of the day
    /// (≥ 3 days), or the trailing hours.
    public enum Baseline: String, Sendable, Codable {
        case weekly, daily, trailing
    }

    /// Distinct stories in the last window.
    public var current: Int
    /// What the baseline expects for the same window.
    public var expected: Double
    /// The variance-stabilised deviation, in standard deviations (see `TrendDetector`).
    public var score: Double
    public var direction: Direction
    public var baseline: Baseline
}

/// Trend detection on counts of distinct stories per 5-minute bucket.
///
/// The expectation for each bucket comes from the same bucket of earlier weeks (median of
/// up to 4, each averaged over ±30 min) once there are 3 weeks of history, else from the
/// same time of earlier days (median of up to 7), else from the trailing 6 hours (trimmed
/// mean). Over the last `window` buckets, with c stories seen and e expected, the score is
/// `z = 2(√(c + 3/8) − √(e + 3/8))` — the Anscombe transform, under which Poisson noise is
/// close to a standard normal, so z reads as "standard deviations above normal" even for
/// small counts. Rising: z ≥ `threshold` with at least `minEvents` stories; falling:
/// z ≤ −`threshold` where at least `minEvents` were expected; ramp: over the last
/// `rampHours` hours the hourly z climbs steadily (most hour-to-hour pairs increase, the
/// Theil–Sen slope is ≥ 0.4 per hour) and ends at z ≥ 1.5.
public struct TrendDetector: Sendable {
    public static let bucketsPerHour = 12
    public static let bucketsPerDay = 288
    public static let bucketsPerWeek = 2016

    public var window: Int
    public var threshold: Double
    public var minEvents: Int
    public var rampHours: Int

    public init(window: Int = 3, threshold: Double = 3, minEvents: Int = 5, rampHours: Int = 6) {
        self.window = window
        self.threshold = threshold
        self.minEvents = minEvents
        self.rampHours = rampHours
    }

    /// The signal at bucket `now` (an index into `counts`, the last complete bucket);
    /// `counts[0]` is the oldest bucket of history.
    public func evaluate(_ counts: [Int], now: Int) -> TrendSignal {
        let baseline = baselineKind(history: now + 1)
        var current = 0
        var expected = 0.0
        for bucket in max(0, now - window + 1)...max(0, now) where bucket < counts.count {
            current += counts[bucket]
            expected += self.expected(counts, bucket: bucket, kind: baseline, now: now)
        }
        let score = Self.anscombe(Double(current), expected)
        var direction = TrendSignal.Direction.steady
        if score >= threshold && current >= minEvents {
            direction = .rising
        } else if score <= -threshold && expected >= Double(minEvents) {
            direction = .falling
        } else if isRamp(counts, now: now, kind: baseline) {
            direction = .ramp
        }
        return TrendSignal(current: current, expected: (expected * 10).rounded() / 10, score: (score * 100).rounded() / 100, direction: direction, baseline: baseline)
    }

    /// `2(√(c + 3/8) − √(e + 3/8))`.
    public static func anscombe(_ observed: Double, _ expected: Double) -> Double {
        2 * ((observed + 0.375).squareRoot() - (max(0, expected) + 0.375).squareRoot())
    }

    func baselineKind(history: Int) -> TrendSignal.Baseline {
        if history >= 3 * Self.bucketsPerWeek + window { return .weekly }
        if history >= 3 * Self.bucketsPerDay + window { return .daily }
        return .trailing
    }

    /// The expected count of one bucket, from history before the current window only.
    func expected(_ counts: [Int], bucket: Int, kind: TrendSignal.Baseline, now: Int) -> Double {
        func smoothed(_ center: Int) -> Double? {
            let low = max(0, center - 6), high = min(counts.count - 1, center + 6, now - window)
            guard center >= 0, high >= low else { return nil }
            return Double(counts[low...high].reduce(0, +)) / Double(high - low + 1)
        }
        switch kind {
        case .weekly:
            let values = (1...4).compactMap { smoothed(bucket - $0 * Self.bucketsPerWeek) }
            return Self.median(values)
        case .daily:
            let values = (1...7).compactMap { smoothed(bucket - $0 * Self.bucketsPerDay) }
            return Self.median(values)
        case .trailing:
            let end = now - window
            let start = max(0, end - 6 * Self.bucketsPerHour + 1)
            guard end >= start else { return 0 }
            let values = counts[start...end].map(Double.init).sorted()
            let trim = values.count / 10
            let kept = values.dropFirst(trim).dropLast(trim)
            return kept.isEmpty ? 0 : kept.reduce(0, +) / Double(kept.count)
        }
    }

    /// A steady climb over the last `rampHours` hours, judged on hourly z scores.
    func isRamp(_ counts: [Int], now: Int, kind: TrendSignal.Baseline) -> Bool {
        let hours = rampHours
        guard now + 1 >= (hours + 1) * Self.bucketsPerHour else { return false }
        var scores: [Double] = []
        for hour in (0..<hours).reversed() {
            let end = now - hour * Self.bucketsPerHour
            let start = end - Self.bucketsPerHour + 1
            var observed = 0.0, expected = 0.0
            for bucket in start...end {
                observed += Double(counts[bucket])
                expected += self.expected(counts, bucket: bucket, kind: kind, now: kind == .trailing ? start - 1 + window : now)
            }
            scores.append(Self.anscombe(observed, expected))
        }
        var increasing = 0, pairs = 0
        var slopes: [Double] = []
        for i in 0..<scores.count {
            for j in (i + 1)..<scores.count {
                pairs += 1
                if scores[j] > scores[i] { increasing += 1 }
                slopes.append((scores[j] - scores[i]) / Double(j - i))
            }
        }
        guard pairs > 0, let last = scores.last else { return false }
        return Double(increasing) / Double(pairs) >= 0.8 && Self.median(slopes) >= 0.4 && last >= 1.5
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
