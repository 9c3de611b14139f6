import Foundation

/// Per-topic counts over recent windows: the last hour and the last `window` (24 h by
/// default), each with the change against the period of the same length before it.
/// Pure: the caller passes `now`.
public struct TrendSummary: Sendable, Equatable, Codable {
    public var topic: String
    public var lastHour: Int
    public var previousHour: Int
    /// Items in the last `window` seconds.
    public var count: Int
    /// Items in the `window` seconds before that.
    public var previousCount: Int

    /// Relative change of the window against the one before; nil when there was nothing before.
    public var change: Double? {
        previousCount == 0 ? nil : Double(count - previousCount) / Double(previousCount)
    }

    /// Relative change of the last hour against the hour before; nil when there was nothing before.
    public var changeHour: Double? {
        previousHour == 0 ? nil : Double(lastHour - previousHour) / Double(previousHour)
    }

    public init(topic: String, lastHour: Int = 0, previousHour: Int = 0, count: Int = 0, previousCount: Int = 0) {
        self.topic = topic
        self.lastHour = lastHour
        self.previousHour = previousHour
        self.count = count
        self.previousCount = previousCount
    }

    /// Counts `events` (topic, time) into summaries for every topic in `topics`, plus any
    /// topic that appears only in the events, ordered by count in the window.
    public static func summarize(
        events: [(topic: String, time: Date)], topics: [String], now: Date, window: TimeInterval = 86400
    ) -> [TrendSummary] {
        var byTopic: [String: TrendSummary] = [:]
        for topic in topics { byTopic[topic] = TrendSummary(topic: topic) }
        for event in events {
            let age = now.timeIntervalSince(event.time)
            guard age >= 0, age < max(2 * window, 7200) else { continue }
            var summary = byTopic[event.topic] ?? TrendSummary(topic: event.topic)
            if age < 3600 { summary.lastHour += 1 } else if age < 7200 { summary.previousHour += 1 }
            if age < window { summary.count += 1 } else if age < 2 * window { summary.previousCount += 1 }
            byTopic[event.topic] = summary
        }
        let order = Dictionary(uniqueKeysWithValues: topics.enumerated().map { ($1, $0) })
        return byTopic.values.sorted {
            if $0.count != $1.count { return $0.count > $1.count }
            return (order[$0.topic] ?? Int.max, $0.topic) < (order[$1.topic] ?? Int.max, $1.topic)
        }
    }
}
