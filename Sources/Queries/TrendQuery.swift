import Analysis
import Foundation
import Storage

/// Per topic: stories now against their baseline, the trend score and direction, and the
/// counts behind a sparkline, read from the segment indexes: what `yuqing trends` shows.
public struct TrendQuery: Sendable {
    public struct Row: Sendable, Encodable {
        public var topic: String
        public var current: Int
        public var expected: Double
        public var score: Double
        public var direction: String
        public var baseline: String
        public var stories: Int
        public var items: Int
        public var sparkline: [Int]
        public var window: String
        public var bucket: String
        /// The window a rise, fall or ramp was decided on (see `TrendSignal.evidence`).
        public var evidence: TrendSignal.Evidence?
        /// Negative stories in the span (from the `话题/负面` series) and their share of
        /// the span's stories; nil when no record in the span carries a sentiment.
        public var negativeStories: Int?
        public var negativeShare: Double?
        /// True when the topic fell but so did the rest of the intake (every feed quiet at
        /// once), so it is not called falling (see `TrendSignal.intakeFell`).
        public var intakeFell: Bool?
    }

    /// The span of the totals and the sparkline, and one bar's width (seconds, a multiple of 300).
    public var span: Int
    public var bar: Int
    /// How the span and bar were written (`24h`, `1h`), carried into the rows.
    public var labels: (span: String, bar: String)

    public init(span: Int, bar: Int, labels: (span: String, bar: String)) {
        self.span = span
        self.bar = bar
        self.labels = labels
    }

    /// The rows at `now` for `topics` (and any other topic the data holds), moving topics first.
    public func run(dataDirectory: String, topics: [String], now date: Date) throws -> [Row] {
        let (from, to) = range(now: date)
        return rows(series: try TopicSeries.load(dataDirectory: dataDirectory, from: from, to: to), topics: topics, now: date)
    }

    /// The time range whose counts the rows at `now` need (the baseline's four weeks).
    public func range(now date: Date) -> (from: Date, to: Date) {
        let size = TopicSeries.bucketSeconds
        let now = Int(date.timeIntervalSince1970) / size * size
        return (Date(timeIntervalSince1970: Double(now - max(29 * 86400, span))), Date(timeIntervalSince1970: Double(now + size)))
    }

    /// The rows from counts read anywhere (a node's segments, the cluster's database).
    public func rows(series: TopicSeries, topics: [String], now date: Date) -> [Row] {
        let size = TopicSeries.bucketSeconds
        let now = Int(date.timeIntervalSince1970) / size * size  // the current, incomplete bucket
        let start = now - max(29 * 86400, span)
        var names = topics
        for topic in series.topics.keys.sorted() where !names.contains(topic) && !topic.hasSuffix(TopicSeries.negativeSuffix) {
            names.append(topic)
        }
        // History starts at the first bucket with any data, so that a young data directory
        // is not judged against weeks of zeros.
        let from = max(start, series.firstBucket ?? now)
        let judged = series.topics.keys.contains { $0.hasSuffix(TopicSeries.negativeSuffix) }
        let rows = names.map { row(topic: $0, series: series, from: from, now: now, judged: judged) }
        return rows.sorted { ($0.direction != "steady" ? 1 : 0, $0.score) > ($1.direction != "steady" ? 1 : 0, $1.score) }
    }

    private func row(topic: String, series: TopicSeries, from: Int, now: Int, judged: Bool) -> Row {
        let size = TopicSeries.bucketSeconds
        let detector = TrendDetector()
        let count = (now - from) / size + 1
        let stories = series.counts(topic: topic, start: from, count: count)
        let items = series.counts(topic: topic, start: from, count: count, itemCounts: true)
        let intake = series.counts(topic: nil, start: from, count: count)
        // The last complete bucket; a rise already certain in the running one shows as the
        // daemon announces it (its counts only grow).
        let complete = detector.evaluate(stories, intake: intake, now: max(0, count - 2), firstBucket: from / size)
        let running = detector.evaluate(stories, intake: intake, now: count - 1, firstBucket: from / size)
        let signal = running.direction == .rising && complete.direction != .rising ? running : complete
        let spanBuckets = min(count, span / size)
        let recent = Array(stories.suffix(spanBuckets))
        let perBar = bar / size, bars = span / bar
        let spark = (0..<bars).map { index -> Int in
            let end = recent.count - (bars - 1 - index) * perBar
            return recent[max(0, end - perBar)..<max(0, end)].reduce(0, +)
        }
        var row = Row(
            topic: topic, current: signal.current, expected: signal.expected, score: signal.score,
            direction: signal.direction.rawValue, baseline: signal.baseline.rawValue,
            stories: recent.reduce(0, +), items: items.suffix(spanBuckets).reduce(0, +), sparkline: spark,
            window: labels.span, bucket: labels.bar, evidence: signal.evidence)
        row.intakeFell = signal.intakeFell
        let negativeKey = TopicSeries.negativeKey(topic)
        if series.topics[negativeKey] != nil || judged {
            let negative = series.counts(topic: negativeKey, start: from, count: count).suffix(spanBuckets).reduce(0, +)
            row.negativeStories = negative
            row.negativeShare = row.stories > 0 ? Double(negative) / Double(row.stories) : nil
        }
        return row
    }
}
