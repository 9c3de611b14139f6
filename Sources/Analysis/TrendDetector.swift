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

/// Trend detection on counts of new stories per 5-minute bucket.
///
/// The expectation for each bucket comes from the same bucket of earlier weeks (median of
/// up to 4, each averaged over ±30 min) once there are 3 weeks of history, else from the
/// same time of earlier days (median of up to 7) once there is a day, else from the
/// trailing 6 hours (trimmed mean; a warm-up that cannot tell a morning from a burst, so
/// judged 10,000 × more strictly, expecting at least one story per bucket). With c stories
/// seen and e expected over a window, the score is `z = 2(√(c + 3/8) − √(e + 3/8))` — the
/// Anscombe transform, under which Poisson noise is close to a standard normal, so z reads
/// as "standard deviations above normal" even for small counts; it is what `yuqing trends`
/// shows. The decisions use exact Poisson tails against the baseline made 15 % less
/// favourable (it is itself an estimate), at `falseAlarmRate` (10⁻⁵) because every topic
/// is tested every 5 minutes:
/// - rising: the last 15 minutes, at least `minEvents` stories;
/// - falling: the last 45 minutes at 10 × that rate (a silence is rarer than a burst by
///   chance, and costs more to miss), where at least 2 × `minEvents` were expected;
/// - ramp: a slower climb — the last hour at p ≤ 1000 × the rate, the hour before it above
///   normal (p ≤ 0.1), and z ≥ 1 over the last 15 minutes; only with 3 days of history.
public struct TrendDetector: Sendable {
    public static let bucketsPerHour = 12
    public static let bucketsPerDay = 288
    public static let bucketsPerWeek = 2016

    public var window: Int
    /// The probability, under the baseline, of a count at least as extreme, below which a
    /// window is called rising or falling (10⁻⁵: about one false alarm per topic per year
    /// of 5-minute tests if the baseline were exact).
    public var falseAlarmRate: Double
    public var minEvents: Int
    /// How far off the estimated baseline may be: tests use it inflated (for rises) or
    /// deflated (for falls) by this fraction.
    public var baselineError: Double

    public init(window: Int = 3, falseAlarmRate: Double = 1e-5, minEvents: Int = 5, baselineError: Double = 0.15) {
        self.window = window
        self.falseAlarmRate = falseAlarmRate
        self.minEvents = minEvents
        self.baselineError = baselineError
    }

    /// P(X ≥ k) for X ~ Poisson(mean).
    public static func upperTail(_ k: Int, _ mean: Double) -> Double {
        k <= 0 ? 1 : max(0, 1 - lowerTail(k - 1, mean))
    }

    /// P(X ≤ k) for X ~ Poisson(mean), summed in log space.
    public static func lowerTail(_ k: Int, _ mean: Double) -> Double {
        guard k >= 0 else { return 0 }
        guard mean > 0 else { return 1 }
        var total = 0.0
        var logTerm = -mean  // log(e^-λ λ^0 / 0!)
        for i in 0...k {
            if i > 0 { logTerm += log(mean) - log(Double(i)) }
            total += exp(logTerm)
        }
        return min(1, total)
    }

    /// The signal at bucket `now` (an index into `counts`, the last complete bucket);
    /// `counts[0]` is the oldest bucket of history.
    public func evaluate(_ counts: [Int], now: Int) -> TrendSignal {
        let baseline = baselineKind(history: now + 1)
        let strictness = baseline == .trailing ? 4.0 : 0  // the warm-up: 10,000 × stricter
        let short = observed(counts, now: now, length: window, kind: baseline, favour: .rising)
        let score = Self.anscombe(Double(short.current), short.expected)
        var direction = TrendSignal.Direction.steady
        let alpha = falseAlarmRate / pow(10, strictness)
        if short.current >= minEvents && Self.upperTail(short.current, short.expected * (1 + baselineError)) <= alpha {
            direction = .rising
        } else {
            let long = observed(counts, now: now, length: 3 * window, kind: baseline, favour: .falling)
            if long.expected >= Double(2 * minEvents) && Self.lowerTail(long.current, long.expected * (1 - baselineError)) <= alpha * 10 {
                direction = .falling
            } else if score >= 1, isRamp(counts, now: now, kind: baseline, alpha: alpha * 1000) {
                direction = .ramp
            }
        }
        return TrendSignal(
            current: short.current, expected: (short.expected * 10).rounded() / 10, score: (score * 100).rounded() / 100,
            direction: direction, baseline: baseline)
    }

    /// `2(√(c + 3/8) − √(e + 3/8))`.
    public static func anscombe(_ observed: Double, _ expected: Double) -> Double {
        2 * ((observed + 0.375).squareRoot() - (max(0, expected) + 0.375).squareRoot())
    }

    func baselineKind(history: Int) -> TrendSignal.Baseline {
        if history >= 3 * Self.bucketsPerWeek + window { return .weekly }
        if history >= Self.bucketsPerDay + 2 * Self.bucketsPerHour { return .daily }
        return .trailing
    }

    /// Stories seen and expected over the `length` buckets ending at `now`. With 3 weeks of
    /// history both the weekly and the daily expectation are known; a test for a rise
    /// uses the higher, a test for a fall the lower, so one odd week cannot fake either.
    func observed(_ counts: [Int], now: Int, length: Int, kind: TrendSignal.Baseline, favour: TrendSignal.Direction = .rising) -> (current: Int, expected: Double) {
        var current = 0
        var expected = 0.0
        for bucket in max(0, now - length + 1)...max(0, now) where bucket < counts.count {
            current += counts[bucket]
            var value = self.expected(counts, bucket: bucket, kind: kind, before: now - length + 1)
            if kind == .weekly {
                let daily = self.expected(counts, bucket: bucket, kind: .daily, before: now - length + 1)
                value = favour == .falling ? min(value, daily) : max(value, daily)
            }
            if kind == .trailing { value = max(value, 1) }  // warm-up: no "expected nothing"
            expected += value
        }
        return (current, expected)
    }

    /// The expected count of one bucket, from history before bucket `before` only.
    func expected(_ counts: [Int], bucket: Int, kind: TrendSignal.Baseline, before: Int) -> Double {
        func smoothed(_ center: Int) -> Double? {
            let low = max(0, center - 6), high = min(counts.count - 1, center + 6, before - 1)
            guard center >= 0, high >= low else { return nil }
            return Double(counts[low...high].reduce(0, +)) / Double(high - low + 1)
        }
        switch kind {
        case .weekly:
            return Self.median((1...4).compactMap { smoothed(bucket - $0 * Self.bucketsPerWeek) })
        case .daily:
            return Self.median((1...7).compactMap { smoothed(bucket - $0 * Self.bucketsPerDay) })
        case .trailing:
            let end = before - 1
            let start = max(0, end - 6 * Self.bucketsPerHour + 1)
            guard end >= start else { return 0 }
            let values = counts[start...end].map(Double.init).sorted()
            let trim = values.count / 10
            let kept = values.dropFirst(trim).dropLast(trim)
            return kept.isEmpty ? 0 : kept.reduce(0, +) / Double(kept.count)
        }
    }

    /// A sustained climb: the last hour improbably high (p ≤ `alpha`) and the hour before
    /// it already above normal (p ≤ 0.1).
    func isRamp(_ counts: [Int], now: Int, kind: TrendSignal.Baseline, alpha: Double) -> Bool {
        let hour = Self.bucketsPerHour
        // A climb over hours is judged against at least three days of history: one or two
        // days cannot tell an ordinary morning from a ramp.
        guard now + 1 >= 3 * Self.bucketsPerDay else { return false }
        let last = observed(counts, now: now, length: hour, kind: kind, favour: .rising)
        let before = observed(counts, now: now - hour, length: hour, kind: kind, favour: .rising)
        return last.current >= 2 * minEvents
            && Self.upperTail(last.current, last.expected * (1 + baselineError)) <= alpha
            && Self.upperTail(before.current, before.expected * (1 + baselineError)) <= 0.1
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
