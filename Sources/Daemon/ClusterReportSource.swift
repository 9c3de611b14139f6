import Cluster
import Foundation
import Logging
import PostgresNIO
import Queries
import Reports

/// Cluster mode: a report over every node's items, alerts and source health, read from the
/// cluster's database (the read replica when given) — not over what this node happened to
/// store or poll.
public enum ClusterReportSource {
    /// How long building a report may take, connecting included.
    public static let timeout: Duration = .seconds(600)

    /// How long after the period's end a decision about an alert of the period may have been
    /// written: decisions carry their write time, and a node cut off from the database
    /// writes what it decided when it is back. (Items carry their fetch time: exact.)
    static let lateDecisions: TimeInterval = 7 * 86400

    /// Builds `builder`'s report from the database at `dsn`; throws when it does not answer.
    public static func build(_ builder: ReportBuilder, dsn: String, generated: Date, logger: Logger) async throws -> Report {
        try await ClusterDatabase.withClient(dsn: dsn, timeout: timeout, logger: logger) { client in
            try await build(builder, client: client, generated: generated, logger: logger)
        }
    }

    /// Builds `builder`'s report through `client` (a client of the caller's, e.g. the web
    /// view's shared one).
    public static func build(_ builder: ReportBuilder, client: PostgresClient, generated: Date, logger: Logger) async throws -> Report {
        let since = builder.period.previousStart
        let stored = try await ClusterAlertReader(client: client, logger: logger).stored(since: since, until: builder.period.end.addingTimeInterval(Self.lateDecisions), limit: 1_000_000)
        let alerts = AlertQuery(since: since, until: builder.period.end, limit: .max)
            .select(pending: stored.pending, sent: stored.sent, dead: stored.dead, counts: stored.counts)
        let sources = try await ClusterSourceHealth.load(client, logger: logger)
        return try await builder.build(generated: generated, alerts: alerts.rows, sources: sources) { add in
            let reader = ClusterItemReader(client: client, logger: logger)
            try await reader.forEach(ClusterItemReader.Filter(since: since, until: builder.period.end)) { item in
                add(item)
                return true
            }
        }
    }
}
