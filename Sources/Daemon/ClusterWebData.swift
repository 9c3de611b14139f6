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

    func sources(_ query: SourceHealthQuery, now: Date) async throws -> [SourceHealthQuery.Row] {
        let shared = try await queries.sources()
        let directory = dataDirectory
        return try await NIOThreadPool.singleton.runIfActive { try query.run(dataDirectory: directory, now: now, shared: shared) }
    }

    var sourcesNote: String? { "集群模式：每个信息源的状况取自最近一次抓取它的节点（本节点为 \(node)）。" }
}
