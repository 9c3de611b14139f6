import ArgumentParser
import Analysis
import Daemon
import Foundation
import Queries
import Storage

/// `yuqing items`: stored items, newest first, filtered.
struct ItemsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "items",
        abstract: "List stored items, newest first."
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: "Only items matching this topic.")
    var topic: String?

    @Option(help: "Only items from this source id.")
    var source: String?

    @Option(help: "Only items seen within this span (e.g. 30m, 24h, 7d).")
    var since: String = "24h"

    @Option(help: "Only items whose relevance is at least this (0-100).")
    var minScore: Int = 0

    @Option(help: "At most this many items.")
    var limit: Int = 50

    @Option(help: "Only items whose title or summary contains this text (full-width and case folded).")
    var contains: String?

    @Option(help: "Only items of this story (cluster) id.")
    var story: String?

    @Option(help: "Only items of this sentiment: negative (负面), neutral (中性), positive (正面); repeatable.")
    var sentiment: [String] = []

    @Option(help: "Only items concerning this place or a place inside it: a 6-digit code, a name (杭州, 西湖区), 本市 or 本省; repeatable.")
    var region: [String] = []

    @Option(help: "Only items from sources of this tier: 央媒, 省级, 市级, 行业, 政务, 自媒体; repeatable.")
    var tier: [String] = []

    @Flag(help: "Print JSON Lines, one stored record per line.")
    var json = false

    @Flag(help: "Print CSV (RFC 4180) with a header line.")
    var csv = false

    func run() async throws {
        let config = try options.loadOrExit()
        guard let span = Span.seconds(since) else { throw ValidationError("--since: expected a span such as 30m, 24h, 7d") }
        var query = ItemQuery(since: Date().addingTimeInterval(-span))
        (query.topic, query.source, query.story, query.minScore, query.contains, query.limit) = (topic, source, story, minScore, contains, limit)
        query.sentiments = try sentiment.map { name in
            guard let value = Sentiment(name: name) else { throw ValidationError("--sentiment: expected negative, neutral or positive (负面, 中性, 正面)") }
            return value
        }
        query.tiers = try tier.map { name in
            guard let value = SourceTier(name: name) else { throw ValidationError("--tier: expected one of \(SourceTier.allCases.map(\.label).joined(separator: ", "))") }
            return value
        }
        query.regions = try region.map { name in
            guard let code = config.region(named: name) else { throw ValidationError("--region: unknown or ambiguous place \"\(name)\"") }
            return code
        }
        let result: ItemQuery.Result
        if config.cluster != nil {
            result = try await ClusterOptions.queries(config, label: "yuqing.items").items(query)
        } else {
            // A text search reads every segment in the span: show how far it is on a terminal.
            let progress = contains == nil ? nil : ProgressLine.forTerminal("查找")
            if let progress { query.progress = { done, total, records in progress.update(done: done, total: total, records: records) } }
            result = try query.run(dataDirectory: config.dataDirectory)
            progress?.finish()
        }
        let shown = result.items
        if json {
            for item in shown { print(try JSONOutput.string(item)) }
            return
        }
        if csv {
            print("time,source,score,topics,title,url,id,story,sentiment,regions,tier")
            for item in shown {
                let topics = item.topics.map { "\($0.topic):\($0.score)" }.joined(separator: ";")
                let regions = (item.regions ?? []).map(String.init).joined(separator: ";")
                print([
                    RecordCoding.timestamp(item.time), item.source, String(item.score), topics, item.title, item.url ?? "", item.id, item.story,
                    item.sentiment?.rawValue ?? "", regions, item.tier?.rawValue ?? "",
                ].map(Self.csvField).joined(separator: ","))
            }
            return
        }
        let table = TextTable(columns: ["时间", "来源", "级别", "倾向", "相关度", "话题", "地域", "标题"])
        let gazetteer = RegionGazetteer.standard
        for item in shown {
            let topics = item.topics.map { "\($0.topic)(\($0.score))" }.joined(separator: " ")
            let places = (item.regions ?? []).compactMap { gazetteer.division($0)?.name }.joined(separator: "、")
            let tone = item.sentiment.map { $0.label + (item.labelled == true ? "*" : "") } ?? "—"
            table.add([
                DisplayTime.string(item.time), item.source, item.tier?.label ?? "—", tone, String(item.score), topics.isEmpty ? "—" : topics,
                places.isEmpty ? "—" : places, item.title,
            ])
        }
        table.print()
        print(result.stoppedEarly ? "显示最新 \(shown.count) 条（更早的分段未读取）" : "共 \(result.total) 条（显示 \(shown.count) 条）")
    }
}

extension ItemsCommand {
    /// RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled.
    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
