import Alerting
import ArgumentParser
import Daemon
import Foundation
import Queries

/// `yuqing hot`: the hot lists as last polled, with rank movement.
struct HotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hot",
        abstract: "Show the hot lists (热榜) as last polled, with each entry's rank movement."
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: "Only this source.")
    var source: String?

    @Option(help: "Lists polled within this span (e.g. 1h, 24h).")
    var since: String = "24h"

    @Option(help: "At most this many entries per list.")
    var limit: Int = 20

    @Flag(help: "Print one JSON object per list.")
    var json = false

    func run() throws {
        let config = try options.loadOrExit()
        guard let span = Span.seconds(since) else { throw ValidationError("--since: expected a span such as 1h, 24h") }
        let lists = try HotQuery(since: Date().addingTimeInterval(-span), source: source, limit: limit).run(dataDirectory: config.dataDirectory)
        if json {
            for list in lists { print(try JSONOutput.string(list)) }
            return
        }
        if lists.isEmpty { print("近\(Span.chinese(since))没有热榜数据（type: json 等带排名的信息源）") }
        let names = Dictionary(config.sources.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        for list in lists {
            print("\(names[list.source] ?? list.source)（\(list.source)） \(DisplayTime.string(list.time))")
            let table = TextTable(columns: ["排名", "变化", "热度", "标题"])
            for row in list.rows {
                let change = row.change.map { $0 > 0 ? "↑\($0)" : $0 < 0 ? "↓\(-$0)" : "—" } ?? "新"
                table.add([String(row.rank), change, row.hot.map(HotAlertRule.hotText) ?? "", row.title],
                          styles: [nil, row.change.map { $0 > 0 ? "31" : $0 < 0 ? "32" : nil } ?? "33"])
            }
            table.print()
        }
    }
}
