import Foundation
import Queries
import Reports
import WebView

/// Cluster mode's web view: items, stories, trends, alerts and reports are the cluster's,
/// read from its database as the CLI reads them; source health stays this node's.
struct ClusterWebData: WebDataSource {
    let queries: ClusterQueries
    let node: String

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

    var sourcesNote: String? { "集群模式：此处为节点 \(node) 的抓取状况（它只抓取自己租用分桶中的信息源；其余信息源由其他节点抓取）。" }
}
