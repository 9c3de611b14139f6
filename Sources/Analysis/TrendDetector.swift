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

    /// Which baseline was used: the same time of earlier comparable days (after a day of
    /// history), or the trailing hours. `weekly` (the same time of earlier weeks) is no
    /// longer chosen; signals stored by earlier versions still read.
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
    /// The window a rise, fall or ramp was decided on, with its own counts and score: the
    /// rise's window (15 minutes, an hour or three), the stretch of a drop's evidence, the
    /// last hour for a ramp or the hours of a climb the likelihood ratio found. nil when
    /// steady.
    public var evidence: Evidence?
    /// True when the topic fell but so did the rest of the intake (every feed quiet at once),
    /// so the fall is not called (`TrendDetector.evaluate(_:intake:now:firstBucket:)`).
    public var intakeFell: Bool?

    /// Counts over the window a decision rests on.
    public struct Evidence: Sendable, Codable, Equatable {
        public var minutes: Int
        public var current: Int
        public var expected: Double
        /// The Anscombe deviation over that window, in standard deviations.
        public var score: Double
    }

    /// A window's length as the CLI and alerts print it: `15分钟`, `2小时`, `1小时35分钟`.
    public static func chineseDuration(minutes: Int) -> String {
        let hours = minutes / 60, rest = minutes % 60
        if hours == 0 { return "\(rest)分钟" }
        return rest == 0 ? "\(hours)小时" : "\(hours)小时\(rest)分钟"
    }

    /// The current count, expected count and score a decision rests on: the evidence's
    /// when there is one, else the last 15 minutes'.
    public var decisive: (minutes: Int, current: Int, expected: Double, score: Double) {
        evidence.map { ($0.minutes, $0.current, $0.expected, $0.score) } ?? (15, current, expected, score)
    }
}

/// Trend detection on counts of new stories per 5-minute bucket.
///
/// The expectation for each bucket comes from the same time of earlier days once there is
/// a day of history — the median, over the days of the same kind (weekday or weekend) in
/// the last four weeks, of each day's mean count within ±30 min, once there are three (or
/// two that hold a dozen stories or more around the bucket), before that all days with a
/// wider margin — else from the trailing 6 hours (trimmed mean; a warm-up that cannot tell
/// a morning from a burst, so judged 10,000 × more strictly, expecting at least one story
/// per bucket). With c stories seen and e expected over a window, the score is
/// `z = 2(√(c + 3/8) − √(e + 3/8))` — the Anscombe transform, under which Poisson noise is
/// close to a standard normal, so z reads as "standard deviations above normal" even for
/// small counts; it is what `yuqing trends` shows. The decisions use exact Poisson tails
/// and likelihood ratios against the baseline made less favourable by how far it may be
/// off (15 % with a week of comparable days, as 1/√days: 8.9 % with four weeks' 20
/// weekdays) — for rises a negative binomial tail whose over-dispersion is estimated from
/// the topic's own hourly counts on comparable days, since real counts are burstier than
/// Poisson — at `falseAlarmRate` (10⁻⁵) because every topic is tested every 5 minutes:
/// - rising: the last 15 minutes (at least `minEvents` stories), or the last hour or three
///   hours (at least three and twice the expected), each at a third of the rate;
/// - falling: Page's CUSUMs for a drop to 0.35 × normal and to a silence (0.05 ×), at a
///   quarter and three quarters of the rate, over up to 4 hours — up to a day on
///   a sparse topic, until 30 stories are expected — at 10 × that rate (a silence is rarer
///   than a burst by chance, and costs more to miss) — a deep drop shows in minutes, a
///   shallow one in an hour or two, a sparse topic's silence in hours; not while the rest
///   of the intake falls too (`evaluate(_:intake:now:firstBucket:)`);
/// - ramp: a slower climb, with z ≥ 1 over the last 15 minutes and 3 days of history —
///   the last hour at p ≤ 300 × the rate and the hour before it above normal (p ≤ 0.1);
///   or, for a climb that began hours ago, the last hour high on its own (p ≤ 10⁻³) and
///   the likelihood ratio of "a linear climb began 2–8 hours ago and has reached 1.5–4 ×
///   normal" at that same level over the 24 hypotheses (`rampByLikelihood`).
public struct TrendDetector: Sendable {
    public static let bucketsPerHour = 12
    public static let bucketsPerDay = 288

    public var window: Int
    /// The probability, under the baseline, of a count at least as extreme, below which a
    /// window is called rising or falling (10⁻⁵: about one false alarm per topic per year
    /// of 5-minute tests if the baseline were exact).
    public var falseAlarmRate: Double
    public var minEvents: Int
    /// How far off the estimated baseline may be: tests use it inflated (for rises) or
    /// deflated (for falls) by this fraction.
    public var baselineError: Double

    /// Seconds east of UTC of the local time that tells weekdays from weekends (UTC+8).
    public var utcOffset: Int = 8 * 3600
    /// The absolute bucket (Unix time / 300) of `counts[0]` during one evaluation; nil when
    /// unknown, and then days are not told apart.
    var firstBucket: Int?
    /// The topic's over-dispersion during one evaluation (see `dispersion(_:before:)`).
    var overdispersion = 0.0
    /// History (in buckets) below which the fall test weighs the stories a baseline rests
    /// on (`chanceWeek`; tests set 0 to see the test without).
    var chanceHistory = TrendDetector.chanceWeek
    /// Running totals of the counts during one evaluation (`prefix[i]` = counts before
    /// bucket i), so that any stretch's sum costs one subtraction.
    var prefix: [Int] = []

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
    ///   - firstBucket: the absolute bucket (Unix time / 300) of `counts[0]`, so that the
    ///     daily baseline compares weekdays with weekdays and weekends with weekends.
    public func evaluate(_ counts: [Int], now: Int, firstBucket: Int? = nil) -> TrendSignal {
        var detector = self
        detector.firstBucket = firstBucket
        detector.prefix = Self.prefixSums(counts)
        detector.overdispersion = Self.dispersion(detector.prefix, before: now - 2 * window + 1, weekend: detector.isWeekend)
        return detector.evaluateKnowingDays(counts, now: now)
    }

    private func evaluateKnowingDays(_ counts: [Int], now: Int) -> TrendSignal {
        let baseline = baselineKind(history: now + 1)
        let strictness = baseline == .trailing ? 4.0 : 0  // the warm-up: 10,000 × stricter
        let short = observedWithHistory(counts, now: now, length: window, kind: baseline, favour: .rising, before: nil)
        let score = Self.anscombe(Double(short.current), short.expected)
        var direction = TrendSignal.Direction.steady
        var evidenceLength: Int?
        let alpha = falseAlarmRate / pow(10, strictness)
        if let length = risingEvidence(counts, now: now, kind: baseline, alpha: alpha, short: short) {
            direction = .rising
            evidenceLength = length
        } else if let length = fallingEvidence(counts, now: now, kind: baseline, alpha: alpha * 10) {
            direction = .falling
            evidenceLength = length
        } else if score >= 1, let hours = rampEvidence(counts, now: now, kind: baseline, alpha: alpha * Self.rampLevel) {
            direction = .ramp
            evidenceLength = hours * Self.bucketsPerHour
        }
        var signal = TrendSignal(
            current: short.current, expected: Self.rounded(short.expected, 1), score: Self.rounded(score, 2),
            direction: direction, baseline: baseline)
        if let evidenceLength {
            let seen = observed(counts, now: now, length: evidenceLength, kind: baseline, favour: direction == .falling ? .falling : .rising)
            signal.evidence = TrendSignal.Evidence(
                minutes: evidenceLength * 5, current: seen.current, expected: Self.rounded(seen.expected, 1),
                score: Self.rounded(Self.anscombe(Double(seen.current), seen.expected), 2))
        }
        return signal
    }

    static func rounded(_ value: Double, _ digits: Int) -> Double {
        let scale = pow(10, Double(digits))
        return (value * scale).rounded() / scale
    }

    /// `2(√(c + 3/8) − √(e + 3/8))`.
    public static func anscombe(_ observed: Double, _ expected: Double) -> Double {
        2 * ((observed + 0.375).squareRoot() - (max(0, expected) + 0.375).squareRoot())
    }

    /// How much looser than the rise test the ramp test's last hour is judged: 300 × the
    /// false-alarm rate (3 · 10⁻³). With over-dispersion estimated among comparable days only,
    /// busy topics count as nearly Poisson and 1,000 × (the level before) let an ordinary
    /// busy hour through as a ramp once or twice per evaluation stream (BENCHMARKS.md).
    static let rampLevel = 300.0

    /// The hours a ramp is reported over: 1, the last hour, when the two-hour rule holds
    /// (`isRamp`), else the climb's hours the likelihood ratio found (`rampByLikelihood`);
    /// nil when neither holds.
    func rampEvidence(_ counts: [Int], now: Int, kind: TrendSignal.Baseline, alpha: Double) -> Int? {
        if isRamp(counts, now: now, kind: kind, alpha: alpha) { return 1 }
        return rampByLikelihood(counts, now: now, kind: kind, alpha: alpha)
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
            && Self.upperTail(last.current, last.expected * (1 + last.error), dispersion: overdispersion) <= alpha
            && Self.upperTail(before.current, before.expected * (1 + before.error), dispersion: overdispersion) <= 0.1
    }
}
