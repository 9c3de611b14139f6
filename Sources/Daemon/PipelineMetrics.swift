import Analysis
import CoreMetrics
import Foundation
import Storage

/// The metrics the daemon records, through swift-metrics (exported in the Prometheus text
/// format by `MetricsServer`). One place for their names and labels.
enum PipelineMetrics {
    /// A fetch ended: `outcome` is `ok`, `not_modified` or `error`.
    static func fetched(source: String, outcome: String, seconds: Double) {
        Counter(label: "yuqing_fetches_total", dimensions: [("source", source), ("outcome", outcome)]).increment()
        CoreMetrics.Timer(label: "yuqing_fetch_duration_seconds", dimensions: [("source", source)])
            .recordNanoseconds(Int64(max(0, seconds) * 1e9))
    }

    static func parsed(source: String, items: Int, warnings: Int) {
        Counter(label: "yuqing_items_parsed_total", dimensions: [("source", source)]).increment(by: items)
        if warnings > 0 {
            Counter(label: "yuqing_parse_warnings_total", dimensions: [("source", source)]).increment(by: warnings)
        }
    }

    static func stored(source: String, items: [StoredItem]) {
        Counter(label: "yuqing_items_stored_total", dimensions: [("source", source)]).increment(by: items.count)
        for item in items {
            for topic in item.topics {
                Counter(label: "yuqing_topic_matches_total", dimensions: [("topic", topic.topic)]).increment()
                if item.sentiment == .negative {
                    Counter(label: "yuqing_topic_negative_items_total", dimensions: [("topic", topic.topic)]).increment()
                }
            }
            if let sentiment = item.sentiment {
                Counter(label: "yuqing_items_sentiment_total", dimensions: [("sentiment", sentiment.rawValue)]).increment()
            }
        }
    }

    static func storage(bytes: Int, segments: Int) {
        Gauge(label: "yuqing_storage_bytes").record(bytes)
        Gauge(label: "yuqing_storage_segments").record(segments)
    }

    static func outbox(depth: Int) {
        Gauge(label: "yuqing_outbox_depth").record(depth)
    }

    /// The trend score of a topic (σ) and its new stories in the last 15 minutes.
    static func trend(topic: String, signal: TrendSignal) {
        Gauge(label: "yuqing_trend_score", dimensions: [("topic", topic)]).record(signal.score)
        Gauge(label: "yuqing_topic_stories_15m", dimensions: [("topic", topic)]).record(signal.current)
    }

    static func failingSources(_ count: Int) {
        Gauge(label: "yuqing_sources_failing").record(count)
    }
}
