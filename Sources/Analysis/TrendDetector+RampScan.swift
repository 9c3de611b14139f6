import Foundation

/// The ramp test's second form: a likelihood ratio over when a climb began and how steep
/// it is, for climbs the last two hours alone do not show.
extension TrendDetector {
    /// How many hours back a climb may have begun.
    static let rampStarts = [2, 3, 4, 5, 6, 8]
    /// How far above normal a climb may have reached by now, as a factor of the normal rate.
    static let rampFactors = [1.5, 2.0, 3.0, 4.0]
    /// How improbable the last hour must be on its own: a burst that ended hours ago keeps
    /// the longer stretches' ratio high while the climb is over.
    static let rampOngoingLevel = 1e-3

    /// The last hours' counts and expectations (made less favourable by the baseline's
    /// error), newest first, as far back as the longest start and the history reach.
    func rampHours(_ counts: [Int], now: Int, kind: TrendSignal.Baseline) -> [(count: Int, mean: Double)] {
        let hour = Self.bucketsPerHour
        let longest = Self.rampStarts.last ?? 0
        var hours: [(count: Int, mean: Double)] = []
        hours.reserveCapacity(longest)
        for back in 0..<longest where now - (back + 1) * hour + 1 >= 0 {
            let seen = observed(counts, now: now - back * hour, length: hour, kind: kind, favour: .rising)
            hours.append((seen.current, seen.expected * (1 + seen.error)))
        }
        return hours
    }

    /// The largest log-likelihood ratio, over the starts and factors above, of the last
    /// hours' counts under "a linear climb from normal began then" against the baseline
    /// (made less favourable by its error), with the topic's hourly over-dispersion (a
    /// negative binomial with var = μ + α μ²; Poisson when α is 0); and the start in hours
    /// of the hypothesis that reached it.
    func rampLikelihood(_ counts: [Int], now: Int, kind: TrendSignal.Baseline) -> (ratio: Double, hours: Int) {
        rampLikelihood(rampHours(counts, now: now, kind: kind))
    }

    /// The same over hours `rampHours` read.
    func rampLikelihood(_ hours: [(count: Int, mean: Double)]) -> (ratio: Double, hours: Int) {
        let size = overdispersion > 1e-9 ? 1 / overdispersion : nil
        var best = (ratio: -Double.infinity, hours: 0)
        for start in Self.rampStarts where start <= hours.count {
            for factor in Self.rampFactors {
                var total = 0.0
                for back in 0..<start {
                    // The climb's factor at the middle of this hour, 1 at the start.
                    let f = 1 + (factor - 1) * (Double(start - 1 - back) + 0.5) / Double(start)
                    let count = Double(hours[back].count), mean = max(0.05, hours[back].mean)
                    if let size {
                        total += count * log(f) + (size + count) * (log(size + mean) - log(size + mean * f))
                    } else {
                        total += count * log(f) - mean * (f - 1)
                    }
                }
                if total > best.ratio { best = (total, start) }
            }
        }
        return best
    }

    /// The hours of the climb when the last hour is improbably high on its own
    /// (`rampOngoingLevel`) and the ramp likelihood ratio reaches `tests / alpha` — each of
    /// the `tests` hypotheses at `alpha` over their number, so the test's level stays
    /// `alpha` (a likelihood ratio of a fixed alternative exceeds 1/a with probability at
    /// most a under the baseline); nil otherwise. Each hour's baseline is read once.
    func rampByLikelihood(_ counts: [Int], now: Int, kind: TrendSignal.Baseline, alpha: Double) -> Int? {
        guard now + 1 >= 3 * Self.bucketsPerDay else { return nil }
        let hours = rampHours(counts, now: now, kind: kind)
        guard let last = hours.first, Self.upperTail(last.count, last.mean, dispersion: overdispersion) <= Self.rampOngoingLevel else {
            return nil
        }
        let tests = Double(Self.rampStarts.count * Self.rampFactors.count)
        let best = rampLikelihood(hours)
        return best.ratio >= log(tests / alpha) ? best.hours : nil
    }
}
