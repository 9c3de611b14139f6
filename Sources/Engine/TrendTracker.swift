import Alerting
import Analysis
import Foundation
import Storage

/// New stories per topic per 5-minute bucket for the last 29 days, kept in memory, rebuilt
/// at start-up from the store's series (so a restart loses no trend state), and the
/// state of each trend rule per topic.
///
/// The series never reach further back than the horizon: an item dated before it (a 2005
/// blog post, a hostile `1500-01-01`) is stored but counts in no live series, so memory is
/// bounded by topics × 29 days whatever the feeds say.
struct TrendTracker {
    static let horizon = 29 * 86400
    static let bucket = TopicSeries.bucketSeconds

    /// New stories per topic, dense from bucket number `base` (Unix seconds / 300); under
    /// `intakeKey`, the new stories of every topic and of none (what a fall is weighed
    /// against: `TrendDetector.evaluate(_:intake:now:firstBucket:)`).
    private var dense: [String: [Int]] = [:]
    /// Not a topic name a configuration can hold.
    static let intakeKey = "\u{0}intake"
    /// True once counts kept elsewhere were adopted (cluster mode): the topics' counts are
    /// then the cluster's while the intake is this node's share, so topics are judged alone.
    private var adopted = false
    private var base: Int?
    /// Recent titles per topic, newest last (for trend messages).
    private var recent: [String: [String]] = [:]
    /// Per rule and topic: when the current episode began, and when it was last announced.
    private var active: [String: (episode: Date, lastSent: Date, sequence: Int)] = [:]
    private(set) var lastEvaluatedBucket: Int?
    /// Per topic, the bucket and count of the last early look.
    private var earlyLooks: [String: (bucket: Int, count: Int)] = [:]

    /// The signal of each topic at the last end-of-bucket evaluation (for metrics).
    private(set) var signals: [String: TrendSignal] = [:]

    mutating func rebuild(from store: any ItemStore, now: Date) throws {
        let series = try store.topicSeries(from: now.addingTimeInterval(-Double(Self.horizon)), to: now.addingTimeInterval(3600))
        dense = [:]
        base = nil
        let oldest = Self.oldestBucket(now: now)
        for (topic, buckets) in series.topics {
            for (start, value) in buckets where value.count > 1 && start / Self.bucket >= oldest {
                increment(topic, start / Self.bucket, by: value[1])
            }
        }
        for (start, value) in series.all where value.count > 1 && start / Self.bucket >= oldest {
            increment(Self.intakeKey, start / Self.bucket, by: value[1])
        }
    }

    /// Takes counts kept elsewhere (topic → bucket number → new stories) for every bucket
    /// from `first` on, replacing what was counted there; older buckets stay.
    mutating func adopt(_ counts: [String: [Int: Int]], from first: Int, now: Date) {
        adopted = true
        let oldest = Self.oldestBucket(now: now)
        if let origin = base {
            for topic in dense.keys where topic != Self.intakeKey {
                guard var values = dense[topic], first - origin < values.count else { continue }
                for offset in max(0, first - origin)..<values.count { values[offset] = 0 }
                dense[topic] = values
            }
        }
        for (topic, buckets) in counts {
            for (bucket, count) in buckets where bucket >= first && bucket >= oldest && count > 0 { increment(topic, bucket, by: count) }
        }
    }

    /// The first bucket a live series may hold at `now`.
    static func oldestBucket(now: Date) -> Int { (Int(now.timeIntervalSince1970) - Self.horizon) / Self.bucket }

    private mutating func increment(_ topic: String, _ bucket: Int, by amount: Int) {
        if base == nil { base = bucket }
        guard var origin = base else { return }
        if bucket < origin {
            // An item published before everything seen so far: grow every series at the front.
            let shift = origin - bucket
            dense = dense.mapValues { [Int](repeating: 0, count: shift) + $0 }
            origin = bucket
            base = bucket
        }
        let offset = bucket - origin
        var values = dense[topic] ?? []
        if values.count <= offset { values += [Int](repeating: 0, count: offset - values.count + 1) }
        values[offset] += amount
        dense[topic] = values
    }

    /// Counts `items` stored at `now`; those dated before the horizon count nowhere. With
    /// `counting` false only their titles and the intake are kept (the topics' counts come
    /// from `adopt`).
    mutating func add(_ items: [StoredItem], now: Date, counting: Bool = true) {
        let oldest = Self.oldestBucket(now: now)
        for item in items {
            let bucket = Int(item.time.timeIntervalSince1970) / Self.bucket
            if item.countsAsNewStory ?? true, bucket >= oldest { increment(Self.intakeKey, bucket, by: 1) }
            for topic in item.seriesTopics {
                if counting, item.countsAsNewStory ?? true, bucket >= oldest { increment(topic, bucket, by: 1) }
                recent[topic, default: []].append(item.title)
                if recent[topic, default: []].count > 20 { recent[topic]?.removeFirst() }
            }
        }
    }

    /// The counts of `topic` from the first bucket with data (at most 29 days back) to the
    /// last complete bucket before `now`.
    func series(_ topic: String, now: Date) -> [Int] {
        let last = Int(now.timeIntervalSince1970) / Self.bucket - 1
        guard let origin = base else { return [] }
        let first = max(origin, last - Self.horizon / Self.bucket)
        guard last >= first else { return [] }
        let values = dense[topic] ?? []
        let low = first - origin, high = last - origin
        if high < values.count { return Array(values[low...high]) }
        let known = low < values.count ? Array(values[low...]) : []
        return known + [Int](repeating: 0, count: high - low + 1 - known.count)
    }

    /// The counts of `topic` up to and including the current, unfinished bucket.
    func seriesIncludingCurrent(_ topic: String, now: Date) -> [Int] {
        var counts = series(topic, now: now)
        guard let origin = base else { return counts }
        let current = Int(now.timeIntervalSince1970) / Self.bucket - origin
        let values = dense[topic] ?? []
        counts.append(current >= 0 && current < values.count ? values[current] : 0)
        return counts
    }

    /// How many counts the live series hold, all topics together (memory is bounded by
    /// topics × the horizon's buckets).
    var cellsHeld: Int { dense.values.reduce(0) { $0 + $1.count } }

    func recentTitles(_ topic: String) -> [String] { Array((recent[topic] ?? []).reversed()) }

    /// A sudden rise announced before its bucket ends: the rising test on the last 15
    /// minutes with the current bucket as far as it has come, judged against the full
    /// 15 minutes' expectation. Counts only grow until the bucket closes, so whatever fires
    /// here would fire at the bucket's end as well — only up to five minutes sooner; the
    /// episode it opens is the one the end-of-bucket evaluation continues. Topics whose
    /// current count has not changed since the last look are skipped.
    mutating func evaluateEarly(topics: [String], rules: [TrendAlertRule], now: Date, detector: TrendDetector = TrendDetector()) -> [Alerting.Notification] {
        let rising = rules.filter { $0.directions.contains(.rising) }
        guard !rising.isEmpty else { return [] }
        let bucket = Int(now.timeIntervalSince1970) / Self.bucket
        var notifications: [Alerting.Notification] = []
        for topic in topics {
            let counts = seriesIncludingCurrent(topic, now: now)
            guard let current = counts.last, current > 0, earlyLooks[topic].map({ $0 != (bucket, current) }) ?? true else { continue }
            earlyLooks[topic] = (bucket, current)
            let signal = detector.evaluate(counts, now: counts.count - 1, firstBucket: bucket - counts.count + 1)
            guard signal.direction == .rising else { continue }
            let hourly = stride(from: max(0, counts.count - 288), to: counts.count, by: 12).map { counts[$0..<min(counts.count, $0 + 12)].reduce(0, +) }
            for rule in rising where rule.applies(to: topic) && active[rule.name + "|" + topic] == nil && rule.holds(signal) {
                notifications += rule.notifications(
                    topic: topic, signal: signal, sparkline: Sparkline.render(hourly), recent: recentTitles(topic),
                    episode: now, sequence: 0, now: now)
                active[rule.name + "|" + topic] = (now, now, 1)
            }
        }
        return notifications
    }

    /// Evaluates every trend rule for every topic once per bucket; returns the notifications
    /// to send and the topics with an active trend alert (whose item alerts are folded in).
    mutating func evaluate(topics: [String], rules: [TrendAlertRule], now: Date, detector: TrendDetector = TrendDetector()) -> [Alerting.Notification] {
        let bucket = Int(now.timeIntervalSince1970) / Self.bucket
        guard lastEvaluatedBucket != bucket else { return [] }
        lastEvaluatedBucket = bucket
        var notifications: [Alerting.Notification] = []
        let intake = adopted ? nil : series(Self.intakeKey, now: now)
        for topic in topics {
            let counts = series(topic, now: now)
            guard !counts.isEmpty else { continue }
            let signal = detector.evaluate(
                counts, intake: intake, now: counts.count - 1,
                firstBucket: Int(now.timeIntervalSince1970) / Self.bucket - counts.count)
            signals[topic] = signal
            let hourly = stride(from: max(0, counts.count - 288), to: counts.count, by: 12).map { counts[$0..<min(counts.count, $0 + 12)].reduce(0, +) }
            for rule in rules where rule.applies(to: topic) {
                let key = rule.name + "|" + topic
                guard rule.holds(signal) else {
                    active[key] = nil
                    continue
                }
                var state = active[key] ?? (now, .distantPast, 0)
                if now.timeIntervalSince(state.lastSent) >= rule.repeatInterval {
                    notifications += rule.notifications(
                        topic: topic, signal: signal, sparkline: Sparkline.render(hourly), recent: recentTitles(topic),
                        episode: state.episode, sequence: state.sequence, now: now)
                    state.lastSent = now
                    state.sequence += 1
                }
                active[key] = state
            }
        }
        return notifications
    }

    /// Topics with a trend alert in progress.
    var activeTopics: Set<String> { Set(activeEpisodes.keys) }

    /// Each topic with a trend alert in progress → `rule/topic` of the first such rule.
    var activeEpisodes: [String: String] {
        var episodes: [String: String] = [:]
        for key in active.keys.sorted() {
            let parts = key.split(separator: "|", maxSplits: 1).map(String.init)
            guard parts.count == 2, episodes[parts[1]] == nil else { continue }
            episodes[parts[1]] = parts[0] + "/" + parts[1]
        }
        return episodes
    }

    /// Drops buckets older than the horizon (once they are a day's worth).
    mutating func compact(now: Date) {
        let cutoff = Self.oldestBucket(now: now)
        guard let origin = base, cutoff > origin + 288 else { return }
        dense = dense.mapValues { Array($0.dropFirst(cutoff - origin)) }
        base = cutoff
    }
}
