import Alerting
import ArgumentParser
import Daemon
import Foundation

/// `yuqing alerts`: recent notifications and their state (pending / sent / dead).
struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Recent alert notifications: pending, sent and dead-lettered."
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: "Only this state: pending, sent, silenced or dead.")
    var state: String?

    @Option(help: "At most this many, newest first.")
    var limit: Int = 50

    @Flag(help: "Print one JSON object per notification.")
    var json = false

    struct Row: Encodable {
        var state: String
        var key: String
        var rule: String
        var channel: String
        var created: Date
        var title: String
        var attempts: Int
        var next_attempt: Date?
        var delivered: Date?
        var last_error: String?
        var silenced_by: String?
    }

    func validate() throws {
        if let state, !["pending", "sent", "silenced", "dead"].contains(state) { throw ValidationError("--state: pending, sent, silenced or dead") }
    }

    func run() throws {
        let config = try options.loadOrExit()
        let stored = try Outbox.stored(dataDirectory: config.dataDirectory)
        func rows(_ list: [Alerting.Notification], _ state: String) -> [Row] {
            list.map {
                Row(state: state, key: $0.id, rule: $0.rule, channel: $0.channel, created: $0.created, title: $0.title,
                    attempts: $0.attempts, next_attempt: state == "pending" ? $0.nextAttempt : nil, delivered: $0.delivered,
                    last_error: $0.lastError, silenced_by: $0.silencedBy)
            }
        }
        var combined: [Row] = rows(stored.pending, "pending")
        combined += rows(stored.sent.filter { $0.silencedBy == nil }, "sent")
        combined += rows(stored.sent.filter { $0.silencedBy != nil }, "silenced")
        combined += rows(stored.dead, "dead")
        let wanted = combined.filter { state == nil || $0.state == state }
        let all = wanted.sorted { (a: Row, b: Row) -> Bool in (a.delivered ?? a.created) > (b.delivered ?? b.created) }.prefix(limit)
        if json {
            for row in all { print(try JSONOutput.string(row)) }
            return
        }
        let names = ["pending": "待发送", "sent": "已发送", "silenced": "已静默", "dead": "已放弃"]
        let table = TextTable(columns: ["状态", "通道", "规则", "生成时间", "尝试", "说明", "标题"])
        for row in all {
            var note = row.last_error ?? ""
            if row.state == "pending", let next = row.next_attempt { note = "下次 \(DisplayTime.string(next)) \(note)" }
            if row.state == "sent", let delivered = row.delivered { note = "送达 " + DisplayTime.string(delivered) }
            if row.state == "silenced", let silence = row.silenced_by { note = "静默 " + silence }
            table.add(
                [names[row.state] ?? row.state, row.channel, row.rule, DisplayTime.string(row.created), String(row.attempts), note, row.title],
                styles: [row.state == "dead" ? "31" : row.state == "pending" ? "33" : nil])
        }
        table.print()
        print("待发送 \(stored.pending.count) · 已发送（最近）\(stored.sent.count) · 已放弃 \(stored.dead.count)")
    }
}
