import Analysis
import ArgumentParser
import Daemon
import Foundation
import Queries
import Storage

/// `yuqing trends`: per topic, distinct stories now against their baseline, the trend
/// score and direction, and a sparkline; read from the segment indexes.
struct TrendsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trends",
        abstract: "Per topic: stories now against the baseline, trend score, direction and a sparkline.",
        discussion: """
            Counts distinct stories (a story re-posted by twenty sites counts once). The \
            score is in standard deviations above (or below) the baseline for the last \
            15 minutes; see the README for how the baseline is chosen.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: "The span of the sparkline and the totals (e.g. 6h, 24h, 7d).")
    var since: String = "24h"

    @Option(help: "One sparkline bar per this much time (e.g. 5m, 1h, 1d).")
    var bucket: String = "1h"

    @Flag(help: "Print one JSON object per topic.")
    var json = false

    @Flag(help: "Print CSV with a header.")
    var csv = false

    @Flag(help: "Instead: terms whose frequency bursts now, found without any configured keyword.")
    var emerging = false

    func run() async throws {
        let config = try options.loadOrExit()
        guard let span = Span.seconds(since), span >= 300 else { throw ValidationError("--since: expected a span of at least 5m") }
        guard let barSeconds = Span.seconds(bucket), barSeconds >= 300, Int(barSeconds) % 300 == 0 else {
            throw ValidationError("--bucket: a multiple of 5m, such as 5m, 1h, 1d")
        }
        if emerging {
            try EmergingTermsReport(config: config, span: span, json: json).print()
            return
        }
        let query = TrendQuery(span: Int(span), bar: Int(barSeconds), labels: (since, bucket))
        let now = Date()
        let rows: [TrendQuery.Row]
        if config.cluster != nil {
            // Every node's items and the stories they agreed on.
            rows = try await ClusterOptions.queries(config, label: "yuqing.trends").trends(query, topics: config.topics.map(\.name), now: now)
        } else {
            rows = try query.run(dataDirectory: config.dataDirectory, topics: config.topics.map(\.name), now: now)
        }
        if json {
            for row in rows { print(try JSONOutput.string(row)) }
            return
        }
        if csv {
            print("topic,current,expected,score,direction,baseline,stories,items,sparkline")
            for row in rows {
                print([ItemsCommand.csvField(row.topic), String(row.current), String(row.expected), String(row.score), row.direction, row.baseline,
                       String(row.stories), String(row.items), row.sparkline.map(String.init).joined(separator: " ")].joined(separator: ","))
            }
            return
        }
        let labels = ["rising": "↑ 上升", "falling": "↓ 下降", "ramp": "↗ 爬升", "steady": "— 平稳"]
        let baselines = ["weekly": "同周时段", "daily": "近4周同时段", "trailing": "近6小时"]
        let table = TextTable(columns: ["话题", "态势", "得分", "近15分钟", "基线", "基线依据", "近\(Span.chinese(since))事件", "条目", "负面占比", "走势（每\(Span.chinese(bucket))）"])
        for row in rows {
            table.add(
                [row.topic, (labels[row.direction] ?? row.direction) + Self.evidenceNote(row.evidence) + (row.intakeFell == true ? "（整体采集同降）" : ""), String(format: "%+.1f", row.score), String(row.current),
                 String(format: "%.1f", row.expected), baselines[row.baseline] ?? row.baseline, String(row.stories), String(row.items),
                 row.negativeShare.map { String(format: "%.0f%%", $0 * 100) } ?? "—", Sparkline.render(row.sparkline)],
                styles: [nil, row.direction == "rising" || row.direction == "ramp" ? "31" : row.direction == "falling" ? "34" : nil])
        }
        table.lastColumnWidth = 120
        table.print()
        print("得分：近15分钟事件数相对基线的偏离（标准差）；态势后括号内为判断所依据的时段及其偏离；事件 = 去重后的报道（同一事件的转载只计一次）。")
        if rows.contains(where: { $0.intakeFell == true }) {
            print("整体采集同降：该话题减少的同时其余报道也在减少（信源或网络中断），不按话题下降判断；请查看信源状态。")
        }
    }

    /// `（近2小时 −4.2）` when a decision rests on a window other than the last 15 minutes.
    static func evidenceNote(_ evidence: TrendSignal.Evidence?) -> String {
        guard let evidence, evidence.minutes != 15 else { return "" }
        return "（近\(TrendSignal.chineseDuration(minutes: evidence.minutes)) \(String(format: "%+.1f", evidence.score))）"
    }
}
