import ArgumentParser
import Daemon
import Foundation
import Storage

/// `yuqing stories`: near-duplicate clusters, the most widely spread first.
struct StoriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stories",
        abstract: "Top stories (near-duplicate items across sources) by spread."
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: "Stories with items seen within this span (e.g. 24h, 7d).")
    var since: String = "24h"

    @Option(help: "At most this many stories.")
    var limit: Int = 20

    @Flag(help: "Print one JSON object per story.")
    var json = false

    struct Story: Encodable {
        var story: String
        var title: String
        var url: String?
        var first_source: String
        var first_seen: Date
        var last_seen: Date
        var items: Int
        var sources: [String]
        var best_topic: String?
        var best_score: Int
    }

    func run() throws {
        let config = try options.loadOrExit()
        guard let span = SpanParser.seconds(since) else { throw ValidationError("--since: expected a span such as 30m, 24h, 7d") }
        let cutoff = Date().addingTimeInterval(-span)
        var stories: [String: Story] = [:]
        try SegmentReader(dataDirectory: config.dataDirectory).forEach(since: cutoff) { item in
            guard item.fetched >= cutoff else { return }
            let best = item.topics.max { $0.score < $1.score }
            guard var story = stories[item.story] else {
                stories[item.story] = Story(
                    story: item.story, title: item.title, url: item.url, first_source: item.source, first_seen: item.fetched,
                    last_seen: item.fetched, items: 1, sources: [item.source], best_topic: best?.topic, best_score: best?.score ?? 0)
                return
            }
            story.items += 1
            if !story.sources.contains(item.source) { story.sources.append(item.source) }
            if item.fetched < story.first_seen {
                (story.first_seen, story.first_source, story.title, story.url) = (item.fetched, item.source, item.title, item.url)
            }
            story.last_seen = max(story.last_seen, item.fetched)
            if let best, best.score > story.best_score { (story.best_topic, story.best_score) = (best.topic, best.score) }
            stories[item.story] = story
        }
        let ranked = stories.values.sorted {
            ($0.sources.count, $0.items, $0.last_seen) > ($1.sources.count, $1.items, $1.last_seen)
        }.prefix(limit)
        if json {
            for story in ranked { print(try JSONOutput.string(story)) }
            return
        }
        let table = TextTable(columns: ["来源数", "条目", "首发", "首发时间", "话题", "标题"])
        for story in ranked {
            table.add([
                String(story.sources.count), String(story.items), story.first_source, DisplayTime.string(story.first_seen),
                story.best_topic.map { "\($0)(\(story.best_score))" } ?? "—", story.title,
            ])
        }
        table.print()
    }
}
