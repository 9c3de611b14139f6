import Analysis
import ArgumentParser
import Daemon
import Foundation
import Queries
import Storage

/// `yuqing rescore`: recomputes stored items' topic scores with the current topics. The
/// segments are never edited: new scores go to a `.scores.json` file beside each segment,
/// which every reader applies.
struct RescoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rescore",
        abstract: "Recompute stored items' topic scores after topics changed.",
        discussion: """
            Segments stay append-only: the new scores are written beside each segment \
            (<segment>.scores.json, replaced atomically) and applied by items, trends, \
            stories and the daemon. Safe to run while the daemon is running.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: "Rescore the segments of days within this span (e.g. 24h, 7d, 90d).")
    var since: String = "7d"

    @Flag(help: "Report what would change without writing anything.")
    var dryRun = false

    func run() throws {
        let config = try options.loadOrExit()
        guard let span = Span.seconds(since) else { throw ValidationError("--since: expected a span such as 30m, 24h, 7d") }
        let firstDay = SegmentName.name(day: Date().addingTimeInterval(-span), sequence: 0).prefix(10)
        let scorer = TopicScorer(topics: config.topics, foldTraditional: config.foldTraditional, judgement: config.judgement)
        let now = Date()
        let table = TextTable(columns: ["分段", "条目", "变化", "新命中", "不再命中", "倾向变化"])
        var totals = (items: 0, changed: 0, gained: 0, lost: 0, tone: 0)
        let segments = SegmentReader(dataDirectory: config.dataDirectory).segments().filter { ($0 as NSString).lastPathComponent.prefix(10) >= firstDay }
        let progress = ProgressLine.forTerminal("重新评分")
        var bytes = SegmentBytes(segments)
        for path in segments {
            let name = (path as NSString).lastPathComponent
            var entries: [String: ScoreOverlay.Entry] = [:]
            var counts = (items: 0, changed: 0, gained: 0, lost: 0, tone: 0)
            try SegmentReader.forEach(inFile: path) { item in
                let text = scorer.match(title: item.title, summary: item.summary, source: item.source)
                let topics = scorer.score(text)
                let region = config.sources.first { $0.id == item.source }?.region
                let judgement = scorer.judge(text, evidence: false, sourceRegion: region)
                let entry = ScoreOverlay.Entry(score: topics.first?.score ?? 0, topics: topics, judgement: judgement)
                entries[item.id] = entry
                counts.items += 1
                if entry.sentiment != item.sentiment || entry.regions != item.regions { counts.tone += 1 }
                if entry.topics != item.topics { counts.changed += 1 }
                if item.topics.isEmpty && !topics.isEmpty { counts.gained += 1 }
                if !item.topics.isEmpty && topics.isEmpty { counts.lost += 1 }
                if counts.items % 2000 == 0 { progress?.update(done: bytes.done, total: bytes.total, records: totals.items + counts.items) }
            }
            bytes.finished(path)
            progress?.update(done: bytes.done, total: bytes.total, records: totals.items + counts.items)
            if !dryRun { try ScoreOverlay(rescored: now, items: entries).save(forSegment: path) }
            table.add([name, String(counts.items), String(counts.changed), String(counts.gained), String(counts.lost), String(counts.tone)])
            totals = (
                totals.items + counts.items, totals.changed + counts.changed, totals.gained + counts.gained, totals.lost + counts.lost,
                totals.tone + counts.tone
            )
        }
        progress?.finish()
        table.print()
        let verb = dryRun ? "将重新评分" : "已重新评分"
        print("\(verb) \(totals.items) 条：\(totals.changed) 条话题或分数有变化，\(totals.gained) 条新命中，\(totals.lost) 条不再命中，\(totals.tone) 条倾向或地域有变化。")
    }
}
