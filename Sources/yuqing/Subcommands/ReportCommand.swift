import ArgumentParser
import Daemon
import Foundation
import Queries
import Reports

/// `yuqing report`: a 舆情日报 / 周报 / 专报 as HTML, Word or Markdown.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a report (舆情日报/周报/专报) as HTML, Word (.docx) or Markdown.",
        discussion: """
            Overview with 环比 against the period before, new stories per topic with charts, \
            the negative share and regions (when judgements are recorded), the top stories \
            by spread with their propagation path, emerging phrases, source health and the \
            alerts that fired. The format follows -o's extension unless --format is given.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: "The span the report covers, ending now (e.g. 24h, 7d, 30d).")
    var since: String = "24h"

    @Option(help: "Only this topic (a 专报); repeatable.")
    var topic: [String] = []

    @Option(help: "html, docx or md (default: from -o's extension, else html).")
    var format: String?

    @Option(name: .shortAndLong, help: "The file to write; - for standard output (html and md only).")
    var output: String

    func run() async throws {
        let config = try options.loadOrExit()
        guard let span = Span.seconds(since), span >= 3600 else { throw ValidationError("--since: expected a span of at least 1h, such as 24h or 7d") }
        guard let chosen = format.map({ ReportFormat(rawValue: $0) }) ?? ReportFormat(fileName: output) ?? .html else {
            throw ValidationError("--format: html, docx or md")
        }
        if chosen == .docx, output == "-" { throw ValidationError("-o: a .docx needs a file, not standard output") }
        let unknown = topic.filter { name in !config.topics.contains { $0.name == name } }
        if !unknown.isEmpty { throw ValidationError("--topic: no topic named \(unknown.joined(separator: ", ")) in \(options.config)") }
        let now = Date()
        var builder = ReportBuilder(config: config, period: ReportPeriod(seconds: span, endingAt: now), topicFilter: topic, zone: Config.displayZone)
        let progress = ProgressLine.forTerminal("读取")
        if let progress {
            builder.progress = { done, total, records in progress.update(done: done, total: total, records: records) }
        }
        let report: Report
        if config.cluster != nil {
            // Every node's items and alerts, from the cluster's database.
            report = try await ClusterOptions.queries(config, label: "yuqing.report").report(builder, generated: now)
        } else {
            report = try builder.build(generated: now)
        }
        progress?.finish()
        if output == "-" {
            let outline = ReportOutline(report)
            print(chosen == .md ? ReportMarkdown(outline).render() : ReportHTML(outline).render())
            return
        }
        try chosen.write(report, to: output)
        FileHandle.standardError.write(Data("yuqing: \(report.title) written to \(output) (\(report.overview.items.current) items, \(report.overview.stories.current) stories)\n".utf8))
    }
}
