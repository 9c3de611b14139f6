import Cluster
import Foundation
import NIOPosix
import Queries
import Reports
import WebView

/// Cluster mode's web view: items, stories, trends, alerts, reports and source health are
/// the cluster's, read from its database as the CLI reads them (a source's health from the
/// node that attempted it last, this node's files where they are newer).
struct ClusterWebData: WebDataSource {
    let queries: ClusterQueries
    let node: String
    /// This node's data directory, for its own sources' states.
    let dataDirectory: String

    func report(_ builder: ReportBuilder, generated: Date) async throws -> Report {
        try await queries.report(builder, generated: generated)
    }

    func trends(_ query: TrendQuery, topics: [String], now: Date) async throws -> [TrendQuery.Row] {
        try await queries.trends(query, topics: topics, now: now)
    }

    func items(_ query: ItemQuery) async throws -> ItemQuery.Result {
        try await queries.items(query)
    }

    func alerts(_ query: AlertQuery, now: Date) async throws -> AlertQuery.Result {
        try await queries.alerts(query, now: now)
    }

    func shutdown() async {
        await queries.shared?.shutdown()
    }

    /// Every node's sources; while the database does not answer, this node's own, saying so
    /// (the page a duty officer opens when something is wrong must still open).
    func sources(_ query: SourceHealthQuery, now: Date) async throws -> (rows: [SourceHealthQuery.Row], note: String?) {
        let directory = dataDirectory
        var quick = queries
        quick.timeout = .seconds(5)  // a database that is away must not hold this page for minutes
        do {
            let shared = try await quick.sources()
            let rows = try await NIOThreadPool.singleton.runIfActive { try query.run(dataDirectory: directory, now: now, shared: shared) }
            return (rows, "集群模式：每个信息源的状况取自最近一次抓取它的节点（本节点为 \(node)）。")
        } catch let error as ClusterDatabase.Unreachable {
            let rows = try await NIOThreadPool.singleton.runIfActive { try query.run(dataDirectory: directory, now: now) }
            return (rows, "集群数据库无应答（\(error)），下表只有本节点 \(node) 的抓取状况。")
        }
    }
}
