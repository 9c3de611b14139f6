import Foundation
import Testing

@testable import Analysis

/// In the first week a baseline rests on three to six days: a quiet topic's few stories
/// there say little about its rate, a busy topic's many say a lot.
struct TrendFirstWeekTests {
    /// `days` days with one story every `gap` buckets.
    static func quiet(days: Int, gap: Int) -> [Int] {
        (0..<(days * TrendDetector.bucketsPerDay)).map { $0 % gap == 0 ? 1 : 0 }
    }

    /// A quiet topic's first days, hour by hour from Monday 00:00 (UTC+8), shaped after
    /// the first days of Benchmarks' sparse stream of seed 131 (a negative binomial of
    /// about 30 stories a day): three days of 36, 36 and 27 stories, then a Thursday of 16
    /// with most of its afternoon and evening empty. Each hour's stories are put in its
    /// first buckets.
    static let thinThursday: [Int] = {
        let hours = [
            "2 0 3 4 0 5 0 3 3 0 4 0 4 3 1 0 2 0 0 0 0 1 1 0",
            "0 0 2 1 0 2 1 1 3 5 0 0 5 6 1 3 2 0 0 1 0 1 0 2",
            "0 1 1 2 1 2 5 0 1 0 2 4 1 3 3 1 0 0 0 0 0 0 0 0",
            "2 3 0 1 3 0 1 0 1 0 0 0 0 2 2 0 0 0 0 0 0 0 0 1",
        ].flatMap { $0.split(separator: " ").compactMap { Int($0) } }
        return hours.flatMap { stories in (0..<TrendDetector.bucketsPerHour).map { $0 < stories ? 1 : 0 } }
    }()

    /// Whether the detector calls the topic falling at any bucket of the Thursday.
    static func fallsOnThursday(_ detector: TrendDetector) -> [Int] {
        let counts = thinThursday
        return (3 * TrendDetector.bucketsPerDay..<counts.count).filter {
            detector.evaluate(counts, now: $0, firstBucket: TrendDetectorTests.monday).direction == .falling
        }
    }

    @Test func aQuietTopicsThinDayAfterThreeBusierOnesIsNoFall() {
        let falls = Self.fallsOnThursday(TrendDetector())
        #expect(falls.isEmpty, "called falling at \(falls.count) buckets from \(falls.first ?? 0)")
    }

    @Test func withoutTheStoriesChanceTheSameDayReadsAsAFall() {
        // What the test above guards against: judged as from the second week on (the days'
        // error alone), the thin Thursday is called falling.
        var detector = TrendDetector()
        detector.chanceHistory = 0
        #expect(!Self.fallsOnThursday(detector).isEmpty)
    }

    @Test func aQuietTopicsSilenceInTheFirstWeekIsStillAFall() {
        // Four days at 32 stories a day, then nothing from midnight on.
        var counts = Self.quiet(days: 4, gap: 9)
        counts += [Int](repeating: 0, count: 20 * TrendDetector.bucketsPerHour)
        let signal = TrendDetector().evaluate(counts, now: counts.count - 1, firstBucket: TrendDetectorTests.monday)
        #expect(signal.direction == .falling)
    }

    @Test func aBusyTopicsShallowDropInTheFirstWeekIsFoundAsSoon() {
        // Four busy days, then two hours at 0.4 × normal: the chance a few hundred stories
        // leave is small, so the drop shows within the two hours.
        var counts = TrendDetectorTests.history(days: 4, base: 6)
        let start = counts.count - 2 * TrendDetector.bucketsPerHour
        for bucket in start..<counts.count { counts[bucket] = bucket % 2 == 0 ? 2 : 3 }
        #expect(TrendDetector().evaluate(counts, now: counts.count - 1).direction == .falling)
    }

    @Test func aQuietTopicsRiseInTheFirstWeekNeedsMoreThanTheFewDaysChance() {
        // Four days of 16 stories a day, then three hours at several times that (14
        // stories where 2 are usual): judged against the days' error alone a rise, within
        // what chance leaves a baseline of a few dozen stories not yet; 18 are a rise
        // either way.
        func rising(_ stories: Int, chance: Bool) -> Bool {
            var counts = Self.quiet(days: 4, gap: 18)
            counts += (0..<36).map { $0 * stories / 36 != ($0 + 1) * stories / 36 ? 1 : 0 }
            var detector = TrendDetector()
            if !chance { detector.chanceHistory = 0 }
            return detector.evaluate(counts, now: counts.count - 1, firstBucket: TrendDetectorTests.monday).direction == .rising
        }
        #expect(rising(14, chance: false))
        #expect(!rising(14, chance: true))
        #expect(rising(18, chance: true))
    }
}

/// The second weekend has two weekend days behind it.
struct TrendSecondWeekendTests {
    @Test func aBusyTopicsSecondSaturdayIsJudgedByTheFirstWeekend() {
        // Monday to Friday at 6 stories a bucket, weekends at 2; twelve days, then Saturday.
        var counts = TrendDetectorTests.week(days: 12, weekday: 6, weekend: 2)
        counts += [Int](repeating: 2, count: 2 * TrendDetector.bucketsPerHour)
        let now = counts.count - 1
        var dated = TrendDetector()
        dated.firstBucket = TrendDetectorTests.monday
        dated.prefix = TrendDetector.prefixSums(counts)
        let busy = dated.observed(counts, now: now, length: TrendDetector.bucketsPerHour, kind: .daily)
        #expect(busy.expected < 40, "the weekend's rate (about 28 an hour), not the weekdays' (about 76): \(busy.expected)")
        #expect(abs(busy.error - dated.error(days: 2)) < 1e-9)
        // Three times the weekend's rate for two hours: a rise or a ramp, not hidden by the weekdays.
        var climbing = counts
        for bucket in (now - 2 * TrendDetector.bucketsPerHour + 1)...now { climbing[bucket] = 6 }
        #expect(TrendDetector().evaluate(climbing, now: now, firstBucket: TrendDetectorTests.monday).direction != .steady)

        // A quiet topic's two weekend days hold a few stories: all days, trusted as one.
        var quiet = (0..<(12 * TrendDetector.bucketsPerDay)).map { $0 % 24 == 0 ? 1 : 0 }
        quiet += [Int](repeating: 0, count: 2 * TrendDetector.bucketsPerHour)
        dated.prefix = TrendDetector.prefixSums(quiet)
        let thin = dated.observed(quiet, now: quiet.count - 1, length: TrendDetector.bucketsPerHour, kind: .daily)
        #expect(abs(thin.error - dated.error(days: 1)) < 1e-9)
    }
}
