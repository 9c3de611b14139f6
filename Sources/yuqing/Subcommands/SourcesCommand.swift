import ArgumentParser
import Daemon
import Foundation
import Queries
import Storage

/// `yuqing sources`: the health of every configured source.
struct SourcesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "Show each source's health: last fetch, failures, next poll."
    )

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print one JSON object per source.")
    var json = false

    func run() throws {
        let config = try options.loadOrExit()
        let states = try StateFile<[String: SourceState]>(path: config.dataDirectory + "/state/sources.json").load() ?? [:]
        let now = Date()
        if config.cluster != nil, !json {
            // This node's part in the cluster (the table below is the sources as this node polled them).
            if let status = try? ClusterNodeStatus.file(dataDirectory: config.dataDirectory).load() {
                print(status.line + "（\(DisplayTime.string(status.updated)) 更新）")
            } else {
                print("集群节点：尚未运行（无状态文件）")
            }
        }
        if json {
            for source in config.sources {
                print(try JSONOutput.string(SourceRow(source: source, state: states[source.id], now: now)))
            }
            return
        }
        let table = TextTable(columns: ["状态", "信息源", "名称", "级别", "最近成功", "连续失败", "HTTP", "条目", "耗时", "下次抓取", "错误"])
        for source in config.sources {
            let state = states[source.id]
            let health = SourceHealthQuery.health(state, now: now)
            let style: String? = switch health {
            case .ok: "32"
            case .failing: "33"
            case .failingLong: "1;31"
            case .new: nil
            }
            table.add([
                health.label, source.id, source.name, source.effectiveTier?.label ?? "—",
                state?.lastSuccess.map { DisplayTime.string($0) } ?? "—",
                state.map { String($0.consecutiveFailures) } ?? "0",
                state?.lastStatus.map(String.init) ?? "—",
                state?.lastItems.map(String.init) ?? "—",
                state?.lastDuration.map { String(format: "%.2fs", $0) } ?? "—",
                state?.nextPoll.map { DisplayTime.string($0) } ?? "—",
                state?.lastError ?? "",
            ], styles: [style])
        }
        table.print()
    }
}

/// One source's health as `sources --json` prints it.
struct SourceRow: Encodable {
    var id: String
    var name: String
    var url: String
    /// The source's tier (央媒 …), configured or inferred from its host.
    var tier: String?
    var health: SourceHealthQuery.Health
    var last_attempt: Date?
    var last_success: Date?
    var failing_since: Date?
    var consecutive_failures: Int
    var last_status: Int?
    var last_error: String?
    var last_bytes: Int?
    var last_duration: Double?
    var last_items: Int?
    var next_poll: Date?
    var etag: String?
    var last_modified: String?
    var invalid_sequences: Int?
    var future_dates: Int?

    init(source: Config.Source, state: SourceState?, now: Date) {
        id = source.id
        name = source.name
        url = source.url
        tier = source.effectiveTier?.rawValue
        health = SourceHealthQuery.health(state, now: now)
        last_attempt = state?.lastAttempt
        last_success = state?.lastSuccess
        failing_since = state?.failingSince
        consecutive_failures = state?.consecutiveFailures ?? 0
        last_status = state?.lastStatus
        last_error = state?.lastError
        last_bytes = state?.lastBytes
        last_duration = state?.lastDuration
        last_items = state?.lastItems
        next_poll = state?.nextPoll
        etag = state?.etag
        last_modified = state?.lastModified
        invalid_sequences = state?.invalidSequences
        future_dates = state?.futureDates
    }
}
