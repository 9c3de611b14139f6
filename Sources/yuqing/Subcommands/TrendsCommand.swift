import Analysis
import ArgumentParser
import Daemon
import Foundation
import Storage

/// `yuqing trends`: per-topic counts for the last hour and 24 hours, with the change
/// against the period before.
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
        guard SpanParser.seconds(since) != nil else { throw ValidationError("--since: expected a span such as 30m, 24h, 7d") }
        let now = Date()
        var events: [(topic: String, time: Date)] = []
        try SegmentReader(dataDirectory: config.dataDirectory).forEach(since: now.addingTimeInterval(-2 * 86400)) { item in
            for hit in item.topics { events.append((hit.topic, item.fetched)) }
        }
        let summaries = TrendSummary.summarize(events: events, topics: config.topics.map(\.name), now: now)
        if json {
            for summary in summaries { print(try JSONOutput.string(TrendRow(summary))) }
            return
        }
        let table = TextTable(columns: ["话题", "近1小时", "环比", "近24小时", "环比"])
        for summary in summaries {
            table.add([
                summary.topic, String(summary.lastHour), Self.change(summary.changeHour, now: summary.lastHour),
                String(summary.last24h), Self.change(summary.change24h, now: summary.last24h),
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
    var last_24h: Int
    var previous_24h: Int
    var change_24h: Double?

    init(_ summary: TrendSummary) {
        topic = summary.topic
        last_hour = summary.lastHour
        previous_hour = summary.previousHour
        last_24h = summary.last24h
        previous_24h = summary.previous24h
        change_24h = summary.change24h
    }
}
