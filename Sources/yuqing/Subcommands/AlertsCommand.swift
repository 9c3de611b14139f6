import Alerting
import ArgumentParser
import Daemon
import Foundation
import Queries

/// `yuqing alerts`: recent notifications and their state (pending / sent / dead).
struct AlertsCommand: AsyncParsableCommand {
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
        if let state, AlertQuery.State(rawValue: state) == nil { throw ValidationError("--state: pending, sent, silenced or dead") }
    }

    func run() async throws {
        let config = try options.loadOrExit()
        let query = AlertQuery(state: state.flatMap(AlertQuery.State.init), limit: limit)
        let result: AlertQuery.Result
        if config.cluster != nil {
            // The cluster's decisions, whichever node made or delivered them.
            result = try await ClusterOptions.queries(config, label: "yuqing.alerts").alerts(query, now: Date())
        } else {
            result = try query.run(dataDirectory: config.dataDirectory)
        }
        let all = result.rows.map { row in
            let n = row.notification
            return Row(state: row.state.rawValue, key: n.id, rule: n.rule, channel: n.channel, created: n.created, title: n.title,
                attempts: n.attempts, next_attempt: row.state == .pending ? n.nextAttempt : nil, delivered: n.delivered,
                last_error: n.lastError, silenced_by: n.silencedBy)
        }
        if json {
            for row in all { print(try JSONOutput.string(row)) }
            return
        }
        let table = TextTable(columns: ["状态", "通道", "规则", "生成时间", "尝试", "说明", "标题"])
        for row in all {
            var note = row.last_error ?? ""
            if row.state == "pending", let next = row.next_attempt { note = "下次 \(DisplayTime.string(next)) \(note)" }
            if row.state == "sent", let delivered = row.delivered { note = "送达 " + DisplayTime.string(delivered) }
            if row.state == "silenced", let silence = row.silenced_by { note = "静默 " + silence }
            table.add(
                [AlertQuery.State(rawValue: row.state)?.label ?? row.state, row.channel, row.rule, DisplayTime.string(row.created), String(row.attempts), note, row.title],
                styles: [row.state == "dead" ? "31" : row.state == "pending" ? "33" : nil])
        }
        table.print()
        print("待发送 \(result.pending) · 已发送（最近）\(result.sent) · 已放弃 \(result.dead)")
    }
}
