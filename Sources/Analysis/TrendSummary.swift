import Foundation

/// Per-topic counts over recent windows: the last hour and the last 24 hours, each with
/// the change against the period before it. Pure: the caller passes `now`.
public struct TrendSummary: Sendable, Equatable, Codable {
    public var topic: String
    public var lastHour: Int
    public var previousHour: Int
    public var last24h: Int
    public var previous24h: Int

    /// Relative change of the last 24 h against the 24 h before; nil when there was nothing before.
    public var change24h: Double? {
        previous24h == 0 ? nil : Double(last24h - previous24h) / Double(previous24h)
    }

    /// Relative change of the last hour against the hour before; nil when there was nothing before.
    public var changeHour: Double? {
        previousHour == 0 ? nil : Double(lastHour - previousHour) / Double(previousHour)
    }

    public init(topic: String, lastHour: Int = 0, previousHour: Int = 0, last24h: Int = 0, previous24h: Int = 0) {
        self.topic = topic
        self.lastHour = lastHour
        self.previousHour = previousHour
        self.last24h = last24h
        self.previous24h = previous24h
    }

    /// Counts `events` (topic, time seen) into summaries for every topic in `topics`, plus
    /// any topic that appears only in the events, ordered by last-24 h count.
    public static func summarize(events: [(topic: String, time: Date)], topics: [String], now: Date) -> [TrendSummary] {
        var byTopic: [String: TrendSummary] = [:]
        for topic in topics { byTopic[topic] = TrendSummary(topic: topic) }
        for event in events {
            let age = now.timeIntervalSince(event.time)
            guard age >= 0, age < 2 * 86400 else { continue }
            var summary = byTopic[event.topic] ?? TrendSummary(topic: event.topic)
            if age < 3600 { summary.lastHour += 1 } else if age < 7200 { summary.previousHour += 1 }
            if age < 86400 { summary.last24h += 1 } else { summary.previous24h += 1 }
            byTopic[event.topic] = summary
        }
        let order = Dictionary(uniqueKeysWithValues: topics.enumerated().map { ($1, $0) })
        return byTopic.values.sorted {
            if $0.last24h != $1.last24h { return $0.last24h > $1.last24h }
            return (order[$0.topic] ?? Int.max, $0.topic) < (order[$1.topic] ?? Int.max, $1.topic)
        }
    }
}
