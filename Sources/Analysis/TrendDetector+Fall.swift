import Foundation

/// The fall test: Page's CUSUMs for a drop and for a silence, over as long a stretch as a
/// topic's evidence needs.
extension TrendDetector {
    /// A drop, however long ago it began (up to 4 hours; up to a day on a topic too
    /// sparse to show one sooner): Page's CUSUM for a rate of
    /// `dropRatio` × normal — the largest log-likelihood ratio of that against the
    /// baseline over the windows ending now — reaches ln(1/(share × `alpha`)). It needs no window
    /// length: a deep drop shows within minutes, a shallower one after an hour or two.
    /// Under the baseline its false alarms stay below `alpha` per test; a baseline too
    /// high by a third (a weekend judged by weekdays) still drifts away from an alarm. The
    /// warm-up's trailing mean cannot tell an evening from a silence, so there a plain
    /// Poisson tail over 45 minutes decides.
    /// - Returns: how many buckets the drop's evidence spans, nil when there is no drop.
    func fallingEvidence(_ counts: [Int], now: Int, kind: TrendSignal.Baseline, alpha: Double) -> Int? {
        if kind == .trailing {
            let recent = observed(counts, now: now, length: 3 * window, kind: kind, favour: .falling)
            let falling = recent.expected >= Double(2 * minEvents) && Self.lowerTail(recent.current, recent.expected * (1 - recent.error)) <= alpha
            return falling ? 3 * window : nil
        }
        // Two drops are looked for: to a third of normal, at a quarter of the rate, and to
        // almost nothing (a silence, which the first would take twice as long to show) at
        // three quarters — a quiet topic's day-long silence has barely the stories to show
        // at all, a busy topic's drop shows within minutes either way (BENCHMARKS.md).
        var memo: [Int: BucketBaseline] = [:]
        for (ratio, share) in [(Self.dropRatio, 0.25), (Self.silenceRatio, 0.75)] {
            let test = cusum(counts, now: now, kind: kind, ratio: ratio, horizon: 4 * Self.bucketsPerHour, longest: Self.bucketsPerDay, memo: &memo)
            // Too quiet to tell: fewer stories expected over the drop's stretch than a rise needs.
            if test.statistic >= log(1 / (alpha * share)) && test.expected >= Double(minEvents) { return test.length }
        }
        return nil
    }

    /// The silence the second drop test is tuned for: 0.05 × normal, so that a silence's
    /// evidence grows by 0.95 of the stories expected (0.1 gave 0.9, and found a quiet
    /// topic's silences 5–38 buckets later).
    static let silenceRatio = 0.05

    /// Stories expected over the stretch a CUSUM looks back beyond its horizon for, on a
    /// sparse topic: enough to tell a silence from chance.
    static let dropEvidence = 30.0

    /// The drop the fall test is tuned for.
    static let dropRatio = 0.35

    /// max over k of Σ_{t = now−k…now} [c_t ln ρ − (ρ − 1) e_t], e_t the expected count.
    /// - Parameters:
    ///   - horizon: how far back it always looks;
    ///   - longest: how far back it may look while fewer than `dropEvidence` stories are
    ///     expected in the stretch (a sparse topic's silence takes hours to show).
    /// - Returns: the statistic, how many buckets (ending now) the maximising stretch spans,
    ///   and the stories expected over that stretch.
    func cusum(
        _ counts: [Int], now: Int, kind: TrendSignal.Baseline, ratio: Double, horizon: Int, longest: Int? = nil
    ) -> (statistic: Double, length: Int, expected: Double) {
        var memo: [Int: BucketBaseline] = [:]
        return cusum(counts, now: now, kind: kind, ratio: ratio, horizon: horizon, longest: longest, memo: &memo)
    }

    /// The same, keeping each bucket's expectation in `memo` for the next test of this moment.
    ///
    /// In the first week the expectation over a stretch is read off three to six days, and
    /// is off by chance as much as the stories it rests on allow: a median of rates over N
    /// stories by about √(π/2 / N), N being what the days held over the stretch (its
    /// expectation times the days), at least what they held around one bucket. There each
    /// stretch's expectation is moved against the test by that much (at most
    /// `chanceLimit`): three days of a quiet topic that happened to be busy made the days
    /// after them read as falls, hour after hour, while a busy topic's stretches rest on
    /// hundreds of stories. From the second week on, the days' own error covers it; the
    /// same correction there delayed sparse topics' day-long silences past their end
    /// (BENCHMARKS.md).
    func cusum(
        _ counts: [Int], now: Int, kind: TrendSignal.Baseline, ratio: Double, horizon: Int, longest: Int?,
        memo: inout [Int: BucketBaseline]
    ) -> (statistic: Double, length: Int, expected: Double) {
        let favour: TrendSignal.Direction = ratio < 1 ? .falling : .rising
        let logRatio = log(ratio)
        let limit = max(horizon, longest ?? horizon)
        var seenTerm = 0.0, expectedTerm = 0.0, expectedSoFar = 0.0
        var storiesBehind = 0.0, fewestAround = Int.max
        var best = 0.0, bestExpected = 0.0
        var length = 0
        var bucket = min(now, counts.count - 1)
        let firstWeek = now + 1 < chanceHistory
        while bucket >= 0 && bucket > now - limit && (bucket > now - horizon || expectedSoFar < Self.dropEvidence) {
            let seen = memo[bucket] ?? {
                let value = observedWithHistory(counts, now: bucket, length: 1, kind: kind, favour: favour, before: now - limit + 1)
                return BucketBaseline(expected: value.expected, error: value.error, read: value.read, stories: value.stories)
            }()
            memo[bucket] = seen
            // Tuned to the ratio, the test needs no margin for a week of baseline; fewer
            // days get the extra uncertainty they carry, more days (up to four weeks') the
            // certainty they add (a negative margin).
            let extra = seen.error - baselineError
            seenTerm += Double(counts[bucket]) * logRatio
            expectedTerm += seen.expected * (ratio < 1 ? 1 - extra : 1 + extra)
            expectedSoFar += seen.expected
            storiesBehind += seen.expected * Double(min(seen.read, 7))
            fewestAround = min(fewestAround, seen.stories)
            let chance = firstWeek ? min(Self.chanceLimit, (Double.pi / 2 / max(1, max(storiesBehind, Double(fewestAround)))).squareRoot()) : 0
            let total = seenTerm - (ratio - 1) * expectedTerm * (ratio < 1 ? 1 - chance : 1 + chance)
            if total > best {
                (best, bestExpected) = (total, expectedSoFar)
                length = now - bucket + 1
            }
            bucket -= 1
        }
        return (best, length, bestExpected)
    }

    /// One bucket's expectation as a CUSUM reads it (`observedWithHistory`): `read` is how many
    /// days (or weeks) it was read from.
    struct BucketBaseline {
        var expected: Double
        var error: Double
        var read: Int
        var stories: Int
    }

    /// The most a stretch's expectation is moved for chance (`cusum`).
    static let chanceLimit = 0.5

    /// History (in buckets) below which a fall's stretch is weighed by the stories its
    /// baseline rests on (`cusum`): a week.
    static let chanceWeek = 7 * bucketsPerDay
}
