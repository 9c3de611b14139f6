import ArgumentParser
import Cluster
import Daemon
import Foundation
import Queries
import Storage

/// `yuqing stories`: near-duplicate clusters, the most widely spread first.
struct StoriesCommand: AsyncParsableCommand {
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

    func run() async throws {
        let config = try options.loadOrExit()
        guard let span = Span.seconds(since) else { throw ValidationError("--since: expected a span such as 30m, 24h, 7d") }
        let start = Date().addingTimeInterval(-span)
        let ranked: [StoryQuery.Story]
        if config.cluster != nil {
            // The cluster's items, with the stories the nodes agreed on.
            let queries = try ClusterOptions.queries(config, label: "yuqing.stories")
            let tally = try await queries.fold(ClusterItemReader.Filter(since: start), into: StoryQuery.Tally(since: start)) { tally, item in
                tally.add(item)
                return true
            }
            ranked = tally.ranked(limit: limit)
        } else {
            ranked = try StoryQuery(since: start, limit: limit).run(dataDirectory: config.dataDirectory)
        }
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
