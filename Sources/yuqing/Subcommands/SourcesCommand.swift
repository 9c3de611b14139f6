import ArgumentParser
import Daemon
import Foundation
import Queries
import Storage

/// `yuqing sources`: the health of every configured source; in cluster mode each source as
/// the node that polled it last found it (this node's own file when the database does not
/// answer, which the command says).
struct SourcesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "Show each source's health: last fetch, failures, next poll."
    )

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print one JSON object per source.")
    var json = false

    func run() async throws {
        let config = try options.loadOrExit()
        let now = Date()
        var shared: [String: SourceHealthQuery.SharedState]?
        var unreachable: String?
        if config.cluster != nil {
            do {
                var queries = try ClusterOptions.queries(config, label: "yuqing.sources")
                queries.timeout = .seconds(10)  // asked when things go wrong: never wait long
                shared = try await queries.sources()
            } catch {
                unreachable = String(describing: error)
            }
        }
        let rows = try SourceHealthQuery(sources: config.sources.map { SourceHealthQuery.Source(config: $0) })
            .run(dataDirectory: config.dataDirectory, now: now, shared: shared)
        if json {
            if let unreachable { FileHandle.standardError.write(Data("yuqing: the cluster's database does not answer; this node's own polls only: \(unreachable)\n".utf8)) }
            for (source, row) in zip(config.sources, rows) {
                print(try JSONOutput.string(SourceRow(source: source, state: row.state, now: now, node: row.node)))
            }
            return
        }
        if config.cluster != nil {
            // This node's part in the cluster.
            if let status = try? ClusterNodeStatus.file(dataDirectory: config.dataDirectory).load() {
                print(status.line + "（\(DisplayTime.string(status.updated)) 更新）")
            } else {
                print("集群节点：尚未运行（无状态文件）")
            }
            if let unreachable { print("集群数据库无应答，下表只有本节点的抓取状况：\(unreachable)") }
        }
        let byNode = config.cluster != nil
        let table = TextTable(columns: ["状态", "信息源", "名称", "级别", "最近成功", "连续失败", "HTTP", "条目", "耗时", "下次抓取", "错误"] + (byNode ? ["节点"] : []))
        for (source, row) in zip(config.sources, rows) {
            let state = row.state
            let style: String? = switch row.health {
            case .ok: "32"
            case .failing: "33"
            case .failingLong: "1;31"
            case .new: nil
            }
            let success: String = state?.lastSuccess.map { DisplayTime.string($0) } ?? "—"
            let failures: String = state.map { String($0.consecutiveFailures) } ?? "0"
            let status: String = state?.lastStatus.map(String.init) ?? "—"
            let items: String = state?.lastItems.map(String.init) ?? "—"
            let duration: String = state?.lastDuration.map { String(format: "%.2fs", $0) } ?? "—"
            let next: String = state?.nextPoll.map { DisplayTime.string($0) } ?? "—"
            var cells: [String] = [row.health.label, source.id, source.name, source.effectiveTier?.label ?? "—"]
            cells += [success, failures, status, items, duration, next, state?.lastError ?? ""]
            if byNode { cells.append(row.node ?? "本节点") }
            table.add(cells, styles: [style])
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
    /// In cluster mode, the node whose attempt this is when not this one.
    var node: String?
    var etag: String?
    var last_modified: String?
    var invalid_sequences: Int?
    var future_dates: Int?

    init(source: Config.Source, state: SourceState?, now: Date, node: String? = nil) {
        self.node = node
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
