import Alerting
import Foundation
import Logging
import PostgresNIO
import Storage

/// The cluster's alert decisions for `yuqing alerts`, newest first, as the outbox files
/// hold a node's: waiting, delivered, not sent (folded into a trend or silenced: `silencedBy`
/// says which), given up.
public struct ClusterAlertReader: Sendable {
    public let client: PostgresClient
    public let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The decisions since `since` and before `until` (at most `limit` of each kind), and how
    /// many notifications the shared outbox holds waiting, delivered and given up.
    public func stored(since: Date, until: Date? = nil, limit: Int) async throws -> (
        pending: [Alerting.Notification], sent: [Alerting.Notification], dead: [Alerting.Notification], counts: (Int, Int, Int)
    ) {
        let rows = try await client.query(
            """
            SELECT d.notification::text, d.outcome, o.delivered, coalesce(o.dead, false), coalesce(o.attempts, 0), o.last_error, o.not_before
            FROM yuqing_alert_decisions d LEFT JOIN yuqing_outbox o USING (key)
            WHERE d.decided >= \(since) AND d.decided < \(until ?? .distantFuture) ORDER BY d.decided DESC LIMIT \(limit * 3)
            """, logger: logger)
        let decoder = RecordCoding.decoder()
        var pending: [Alerting.Notification] = [], sent: [Alerting.Notification] = [], dead: [Alerting.Notification] = []
        for try await (json, outcome, delivered, isDead, attempts, lastError, notBefore) in rows.decode((String, String, Date?, Bool, Int, String?, Date?).self) {
            var notification = try decoder.decode(Alerting.Notification.self, from: Data(json.utf8))
            notification.attempts = attempts
            notification.lastError = lastError
            notification.delivered = delivered
            if let notBefore { notification.nextAttempt = notBefore }
            if outcome != "send" || delivered != nil {
                sent.append(notification)
            } else if isDead {
                dead.append(notification)
            } else {
                pending.append(notification)
            }
        }
        var counts = (0, 0, 0)
        let totals = try await client.query(
            """
            SELECT count(*) FILTER (WHERE delivered IS NULL AND NOT dead), count(*) FILTER (WHERE delivered IS NOT NULL),
                   count(*) FILTER (WHERE dead) FROM yuqing_outbox
            """, logger: logger)
        for try await row in totals.decode((Int, Int, Int).self) { counts = row }
        return (pending, sent, dead, counts)
    }
}
