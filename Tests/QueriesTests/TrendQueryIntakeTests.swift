import Analysis
import Foundation
import Queries
import Storage
import Testing

/// `yuqing trends` weighs a fall against the rest of the intake, as the daemon does.
struct TrendQueryIntakeTests {
    /// Five days of 4 汛情 stories and 10 others per bucket, then three quiet hours: of the
    /// topic alone, or of everything.
    static func row(everything: Bool) -> TrendQuery.Row? {
        let size = TopicSeries.bucketSeconds
        let first = 1_795_000_200 / size * size
        let buckets = 5 * 288, quiet = 36
        var series = TopicSeries()
        for index in 0..<(buckets + quiet) {
            let start = first + index * size
            let silent = index >= buckets
            let topic = silent ? 0 : 4, others = silent && everything ? 0 : 10
            series.topics["汛情", default: [:]][start] = [topic, topic]
            series.all[start] = [topic + others, topic + others]
        }
        series.firstBucket = first
        let now = Date(timeIntervalSince1970: Double(first + (buckets + quiet) * size + 60))
        return TrendQuery(span: 86400, bar: 3600, labels: ("24h", "1h")).rows(series: series, topics: ["汛情"], now: now).first
    }

    @Test func aTopicFallingAloneIsFalling() {
        let row = Self.row(everything: false)
        #expect(row?.direction == "falling")
        #expect(row?.intakeFell == nil)
    }

    @Test func everythingQuietIsNotTheTopicsFall() {
        let row = Self.row(everything: true)
        #expect(row?.direction == "steady")
        #expect(row?.intakeFell == true)
    }
}
