import Analysis
import ArgumentParser
import Daemon
import Foundation
import Storage

/// `yuqing trends`: per-topic counts for the last hour and the last `--since` span, each
/// with the change against the period of the same length before it.
struct TrendsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trends",
        abstract: "Show per-topic item counts and their change."
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: "Count items within this span (e.g. 24h). Changes compare with the span before.")
    var since: String = "24h"

    @Flag(help: "Print one JSON object per topic.")
    var json = false

    func run() throws {
        let config = try options.loadOrExit()
        guard let window = SpanParser.seconds(since), window >= 60 else {
            throw ValidationError("--since: expected a span of at least 1m, such as 30m, 24h, 7d")
        }
        let now = Date()
        var events: [(topic: String, time: Date)] = []
        let horizon = now.addingTimeInterval(-max(2 * window, 7200))
        try SegmentReader(dataDirectory: config.dataDirectory).forEach(since: horizon) { item in
            for hit in item.topics { events.append((hit.topic, item.fetched)) }
        }
        let summaries = TrendSummary.summarize(events: events, topics: config.topics.map(\.name), now: now, window: window)
        if json {
            for summary in summaries { print(try JSONOutput.string(TrendRow(summary, window: since))) }
            return
        }
        let table = TextTable(columns: ["话题", "近1小时", "环比", "近\(SpanParser.chinese(since))", "环比"])
        for summary in summaries {
            table.add([
                summary.topic, String(summary.lastHour), Self.change(summary.changeHour, now: summary.lastHour),
                String(summary.count), Self.change(summary.change, now: summary.count),
            ])
        }
        table.print()
    }

    static func change(_ value: Double?, now: Int) -> String {
        guard let value else { return now > 0 ? "新增" : "—" }
        let percent = Int((value * 100).rounded())
        return percent > 0 ? "↑\(percent)%" : percent < 0 ? "↓\(-percent)%" : "持平"
    }
}

/// The JSON shape of one `trends --json` line.
struct TrendRow: Encodable {
    var topic: String
    var last_hour: Int
    var previous_hour: Int
    var change_hour: Double?
    /// The `--since` span, as given (`24h`).
    var window: String
    var count: Int
    var previous_count: Int
    var change: Double?

    init(_ summary: TrendSummary, window: String) {
        topic = summary.topic
        last_hour = summary.lastHour
        previous_hour = summary.previousHour
        change_hour = summary.changeHour
        self.window = window
        count = summary.count
        previous_count = summary.previousCount
        change = summary.change
    }
}
