import Alerting
import Engine
import Feeds
import Foundation
import Reports
import Storage

/// A scheduled report written to `<data>/reports/<rule>-<yyyyMMdd-HHmm>/` — `report.html`
/// (inline SVG, to read or forward), `report.docx`, and for mail `mail.html` with the
/// charts as `chart-N.png` parts — and the notifications that carry it: mail sends the
/// files (see `EmailChannel`), robots show the summary lines.
struct ScheduledReport {
    let rule: ReportRule
    let due: ReportDue
    let config: Config

    /// When each report rule last came due, kept across restarts: `<data>/state/reports.json`.
    static func state(dataDirectory: String) -> StateFile<[String: Date]> {
        StateFile(path: dataDirectory + "/state/reports.json")
    }

    /// The folder this report's files go to.
    var directory: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = rule.schedule.zone
        formatter.dateFormat = "yyyyMMdd-HHmm"
        let safeName = String(rule.name.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || $0 == "-" ? Character($0) : "_" })
        return config.dataDirectory + "/reports/\(safeName)-\(formatter.string(from: due.period.end))"
    }

    /// What builds this report from the node's files.
    var builder: ReportBuilder { ReportBuilder(config: config, period: due.period, topicFilter: rule.topics, zone: rule.schedule.zone) }

    /// Builds the report and writes its files (blocking: run it on `BlockingWork`).
    func write(generated: Date) throws -> Report {
        try writeFiles(try builder.build(generated: generated))
    }

    /// Writes the files of `report`, built here or from the cluster (blocking); returns it.
    func writeFiles(_ report: Report) throws -> Report {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try ReportFormat.html.write(report, to: directory + "/" + ReportFiles.html)
        try ReportFormat.docx.write(report, to: directory + "/" + ReportFiles.docx)
        let mail = ReportHTML(ReportOutline(report), charts: .contentIDs)
        for (index, chart) in mail.chartList.enumerated() {
            try Data(chart.png(scale: 2)).write(to: URL(fileURLWithPath: directory + "/" + ReportFiles.chart(index)), options: .atomic)
        }
        try Data(mail.render().utf8).write(to: URL(fileURLWithPath: directory + "/" + ReportFiles.mailHTML), options: .atomic)
        return report
    }

    /// One notification per channel, keyed by rule, period end and channel.
    func notifications(for report: Report) -> [Alerting.Notification] {
        let format = ChineseFormat(zone: report.zone)
        let outline = ReportOutline(report)
        let title = "【\(rule.name)】\(outline.title) \(format.day(report.period.end))"
        let o = report.overview
        var lines = ["时间: " + format.span(report.period)]
        var overview = "新增条目 \(ChineseFormat.number(o.items.current))，事件 \(ChineseFormat.number(o.stories.current))（环比 \(ChineseFormat.change(o.stories))）"
        if let negative = o.negativeStories { overview += "，负面事件 \(negative.current)" }
        lines.append("概况: " + overview + "，告警 \(o.alerts.current) 条")
        for (index, story) in report.stories.prefix(3).enumerated() {
            lines.append("重点: \(index + 1). \(story.title)（\(story.sources) 个来源）")
        }
        let failing = report.sources.filter(\.failing)
        lines.append("信息源: \(report.sources.count) 个，\(failing.count) 个抓取失败" + (failing.isEmpty ? "" : "（\(failing.prefix(5).map(\.name).joined(separator: "、"))）"))
        lines.append("说明: 完整报告见邮件附件，或在服务器上：\(directory)/report.html")
        return rule.channels.map { channel in
            Notification(
                id: StableID.key128("report|\(rule.name)|\(channel)|\(Int(due.period.end.timeIntervalSince1970))"),
                rule: rule.name, channel: channel, created: due.period.end, title: title, text: lines.joined(separator: "\n"),
                fields: ["kind": "report", "report_dir": directory, "report_title": outline.title, "time": RecordCoding.timestamp(due.period.end)])
        }
    }
}
