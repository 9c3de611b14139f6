import Analysis
import Feeds
import Foundation
import Storage

/// Alert when a topic's trend turns: rising, falling or ramping with a score of at least
/// `minScore` standard deviations and at least `minCount` stories (observed, or expected
/// for a fall). Fires when the topic enters that state, and again every `repeatInterval`
/// while it stays there. While it is active, item alerts for the topic are folded into it.
public struct TrendAlertRule: Sendable, Equatable {
    public var name: String
    public var directions: Set<TrendSignal.Direction>
    public var minScore: Double
    public var minCount: Int
    public var topics: [String]
    public var channels: [String]
    public var repeatInterval: TimeInterval
    /// Watch only negative stories (`sentiment: negative`): the `话题/负面` series.
    public var negativeOnly = false

    public init(
        name: String, directions: Set<TrendSignal.Direction> = [.rising, .ramp], minScore: Double = 3, minCount: Int = 5,
        topics: [String] = [], channels: [String], repeatInterval: TimeInterval = 4 * 3600
    ) {
        self.name = name
        self.directions = directions
        self.minScore = minScore
        self.minCount = minCount
        self.topics = topics
        self.channels = channels
        self.repeatInterval = repeatInterval
    }

    /// True for the series this rule watches: a topic's own, or with `negativeOnly` its
    /// `话题/负面` series.
    public func applies(to series: String) -> Bool {
        let negative = series.hasSuffix(TopicSeries.negativeSuffix)
        guard negative == negativeOnly else { return false }
        let topic = negative ? String(series.dropLast(TopicSeries.negativeSuffix.count)) : series
        return topics.isEmpty || topics.contains(topic)
    }

    /// True when `signal` meets the rule.
    /// The score and counts are those of the window the detector decided on (the stretch
    /// of a drop, the last hour of a ramp), not always the last 15 minutes.
    public func holds(_ signal: TrendSignal) -> Bool {
        let decisive = signal.decisive
        guard directions.contains(signal.direction), abs(decisive.score) >= minScore else { return false }
        return signal.direction == .falling ? decisive.expected >= Double(minCount) : decisive.current >= minCount
    }


    /// One notification per channel; `episode` (when the state began) keys it, with
    /// `sequence` counting repeats.
    public func notifications(
        topic: String, signal: TrendSignal, sparkline: String, recent: [String], episode: Date, sequence: Int, now: Date
    ) -> [Notification] {
        let words = ["rising": "快速上升", "falling": "明显下降", "ramp": "持续攀升"]
        let what = words[signal.direction.rawValue] ?? signal.direction.rawValue
        let decisive = signal.decisive
        let shown = topic.hasSuffix(TopicSeries.negativeSuffix) ? topic.dropLast(TopicSeries.negativeSuffix.count) + "（负面）" : Substring(topic)
        var lines = [
            "话题: \(shown)",
            "说明: 近\(TrendSignal.chineseDuration(minutes: decisive.minutes)) \(decisive.current) 个事件，基线 \(String(format: "%.1f", decisive.expected))，偏离 \(String(format: "%+.1f", decisive.score)) 个标准差",
            "走势: \(sparkline)（近24小时，每小时）",
        ]
        for (index, title) in recent.prefix(5).enumerated() { lines.append("条目: \(index + 1). \(title)") }
        return channels.map { channel in
            Notification(
                id: StableID.key128("\(name)|\(channel)|trend|\(topic)|\(Int(episode.timeIntervalSince1970))|\(sequence)"),
                rule: name, channel: channel, created: now,
                title: "【\(name)】\(topic) \(what)", text: lines.joined(separator: "\n"),
                fields: [
                    "kind": "trend", "topic": topic, "direction": signal.direction.rawValue, "score": String(decisive.score),
                    "current": String(decisive.current), "expected": String(decisive.expected), "minutes": String(decisive.minutes),
                ])
        }
    }
}
