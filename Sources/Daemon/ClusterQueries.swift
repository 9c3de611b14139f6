import Analysis
import Cluster
import Foundation
import Logging
import PostgresNIO
import Queries
import Reports
import Storage

/// Cluster mode's answers to the queries a single node answers from its files — every
/// node's items, the stories they agreed on, the cluster's alert decisions — read from the
/// database (the read replica when one is configured). The CLI and the web view ask the
/// same questions here, so they agree.
public struct ClusterQueries: Sendable {
    /// The DSN queries read from.
    public let dsn: String
    public let logger: Logger
    /// How long one query may take, connecting included.
    public var timeout: Duration = .seconds(120)
    /// The client every query shares (the web view's), or nil for a client per query (a
    /// CLI command, which asks once).
    public var shared: SharedClusterClient?

    public init(dsn: String, logger: Logger) {
        self.dsn = dsn
        self.logger = logger
    }

    /// For `cluster`: its read replica when given, otherwise the primary; nil without a DSN.
    public init?(_ cluster: Config.Cluster, logger: Logger) {
        guard let dsn = cluster.queryDSN else { return nil }
        self.init(dsn: dsn, logger: logger)
    }

    /// A logger for queries: a query says once what went wrong (its error); the driver's
    /// retries stay out of the terminal and the daemon's log.
    public static func quietLogger(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = .critical
        return logger
    }

    /// Folds the items matching `filter`, newest first, into `state` while `step` returns true.
    public func fold<State: Sendable>(
        _ filter: ClusterItemReader.Filter, into state: State, _ step: @escaping @Sendable (inout State, StoredItem) -> Bool
    ) async throws -> State {
        let logger = logger
        return try await withClient { client in
            var folded = state
            try await ClusterItemReader(client: client, logger: logger).forEach(filter) { step(&folded, $0) }
            return folded
        }
    }

    /// `query`'s newest matches: the database narrows by time, topic, source, story and
    /// text; `query`'s own filters decide the rest, so the first `limit` that pass are it.
    public func items(_ query: ItemQuery) async throws -> ItemQuery.Result {
        let filter = ClusterItemReader.Filter(
            since: query.since, topic: query.topic, source: query.source, story: query.story,
            contains: query.contains.map { TextNormalizer.normalize($0) })
        let accepts = query.matcher(), limit = query.limit
        let items = try await fold(filter, into: [StoredItem]()) { items, item in
            if accepts(item) { items.append(item) }
            return items.count < limit
        }
        return ItemQuery.Result(items: items.sorted { $0.time > $1.time }, total: items.count, stoppedEarly: items.count >= limit)
    }

    /// `query`'s rows over the cluster's counts of new stories and items.
    public func trends(_ query: TrendQuery, topics: [String], now: Date) async throws -> [TrendQuery.Row] {
        let (from, to) = query.range(now: now)
        let logger = logger
        let series = try await withClient { client in
            try await ClusterSeries.load(client, from: from, to: to, logger: logger)
        }
        return query.rows(series: series, topics: topics, now: now)
    }

    /// `query` over the cluster's alert decisions of the last 30 days, whichever node made
    /// or delivered them.
    public func alerts(_ query: AlertQuery, now: Date) async throws -> AlertQuery.Result {
        let (logger, limit) = (logger, query.limit)
        let stored = try await withClient { client in
            try await ClusterAlertReader(client: client, logger: logger).stored(since: now.addingTimeInterval(-30 * 86400), limit: limit)
        }
        return query.select(pending: stored.pending, sent: stored.sent, dead: stored.dead, counts: stored.counts)
    }

    /// Every source's latest attempt in the cluster, and the node that made it.
    public func sources() async throws -> [String: SourceHealthQuery.SharedState] {
        let logger = logger
        return try await withClient { client in try await ClusterSourceHealth.load(client, logger: logger) }
    }

    /// `body` with the shared client, or with one of its own, within `timeout` (default:
    /// the queries' own).
    private func withClient<T: Sendable>(
        timeout: Duration? = nil, _ body: @escaping @Sendable (PostgresClient) async throws -> T
    ) async throws -> T {
        let timeout = timeout ?? self.timeout
        if let shared { return try await shared.withClient(timeout: timeout, body) }
        return try await ClusterDatabase.withClient(dsn: dsn, timeout: timeout, logger: logger, body)
    }

    /// `builder`'s report over every node's items and alerts.
    public func report(_ builder: ReportBuilder, generated: Date) async throws -> Report {
        let logger = logger
        return try await withClient(timeout: ClusterReportSource.timeout) { client in
            try await ClusterReportSource.build(builder, client: client, generated: generated, logger: logger)
        }
    }
}
