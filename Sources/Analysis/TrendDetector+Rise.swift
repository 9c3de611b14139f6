import Foundation

/// The rise test: several windows, each at a share of the false-alarm rate.
extension TrendDetector {
    /// The windows a rise is looked for over: the last 15 minutes, hour and 3 hours. A
    /// sparse topic's burst shows over the longer ones long before 15 minutes hold five
    /// stories. Each is tested at a third of the false-alarm rate, so the topic's budget
    /// stays what one test had.
    static let riseWindows = [3, 12, 36]

    /// How improbable the last third of a longer rise window must be on its own.
    static let ongoingLevel = 0.05

    /// The shortest window that is improbably high: at least `minEvents` stories in the
    /// last 15 minutes, or, over an hour or three, at least three and twice the expected
    /// (so a topic that usually has one story in three hours rises on seven in an hour)
    /// while the window's last third is high on its own (`ongoingLevel`) and no 15-minute
    /// rise inside it has told the burst already.
    func risingEvidence(
        _ counts: [Int], now: Int, kind: TrendSignal.Baseline, alpha: Double, short: Observation
    ) -> Int? {
        let budget = alpha / Double(Self.riseWindows.count)
        for length in Self.riseWindows {
            if length != window {
                // Longer windows are for quiet topics (a busy one's burst shows in 15
                // minutes) and not for the warm-up, whose trailing mean cannot tell a
                // morning from a burst over hours; and they need three stories at least.
                guard kind != .trailing, short.expected < Double(minEvents) else { break }
                guard counts[max(0, now - length + 1)...now].reduce(0, +) >= 3 else { continue }
                // And the rise must still be going on: a burst that ended an hour ago keeps
                // three hours' count high while the last hour is back to normal. The last
                // third of the window has to be high on its own (at a loose level).
                let recent = observed(counts, now: now, length: length / 3, kind: kind, favour: .rising)
                guard Self.upperTail(recent.current, recent.expected, dispersion: overdispersion) <= Self.ongoingLevel else { continue }
            }
            let seen = length == window ? short : observedWithHistory(counts, now: now, length: length, kind: kind, favour: .rising, before: nil)
            let floor = length == window ? minEvents : max(3, Int((2 * seen.expected).rounded(.up)))
            let mean = seen.expected * (1 + firstWeekError(seen, now: now, kind: kind))
            guard seen.current >= floor && Self.upperTail(seen.current, mean, dispersion: overdispersion) <= budget else { continue }
            // A burst the 15 minutes already showed inside this window keeps it high
            // afterwards: it has been told, and the longer windows are for thinner ones.
            if length != window && shortWindowRose(counts, within: (now - length + 1)..<now, kind: kind, budget: budget) { return nil }
            return length
        }
        return nil
    }

    /// How far off a rise window's expectation may be: in the first week, besides the days'
    /// own error, the chance the few stories they held leave (as for falls, `cusum`); from
    /// the second week on, the days' error alone.
    func firstWeekError(_ seen: Observation, now: Int, kind: TrendSignal.Baseline) -> Double {
        let error = seen.error
        guard now + 1 < chanceHistory, kind != .trailing else { return error }
        let stories = max(Double(seen.stories), seen.expected * Double(min(seen.read, 7)))
        return max(error, min(Self.chanceLimit, (error * error + Double.pi / 2 / max(1, stories)).squareRoot()))
    }

    /// Whether the 15-minute rise test fired at any bucket of `range`.
    func shortWindowRose(_ counts: [Int], within range: Range<Int>, kind: TrendSignal.Baseline, budget: Double) -> Bool {
        range.clamped(to: max(0, window - 1)..<counts.count).contains { bucket in
            let seen = observed(counts, now: bucket, length: window, kind: kind, favour: .rising)
            return seen.current >= minEvents
                && Self.upperTail(seen.current, seen.expected * (1 + seen.error), dispersion: overdispersion) <= budget
        }
    }
}
