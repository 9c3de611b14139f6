import Alerting
import Foundation
import Logging
import PostgresNIO
import Storage

/// The cluster's outbox: every node delivers from it, each due notification claimed by one
/// node at a time for `claimFor` seconds (`FOR UPDATE SKIP LOCKED`). A node that dies
/// holding a claim leaves it to expire and another node sends it, with the same key; so a
/// notification goes out twice only when a node dies between the receiver's acceptance
/// and recording it as delivered — at-least-once, with an idempotency key to drop by.
public struct SharedOutbox: Sendable {
    public let client: PostgresClient
    public let node: String
    public let logger: Logger
    /// How long a claim keeps other nodes off a notification.
    public var claimFor: TimeInterval = 60

    public init(client: PostgresClient, node: String, logger: Logger) {
        self.client = client
        self.node = node
        self.logger = logger
    }

    /// Claims up to `limit` due notifications that nobody has delivered or claims now,
    /// oldest first.
    public func claimDue(at now: Date, limit: Int = 200) async throws -> [Alerting.Notification] {
        let until = now.addingTimeInterval(claimFor)
        let rows = try await client.query(
            """
            UPDATE yuqing_outbox SET claimed_by = \(node), claim_until = \(until)
            WHERE key IN (SELECT key FROM yuqing_outbox
                          WHERE delivered IS NULL AND NOT dead AND not_before <= \(now)
                            AND (claim_until IS NULL OR claim_until <= \(now))
                          ORDER BY not_before LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING notification::text, attempts
            """, logger: logger)
        var claimed: [Alerting.Notification] = []
        let decoder = RecordCoding.decoder()
        for try await (json, attempts) in rows.decode((String, Int).self) {
            var notification = try decoder.decode(Alerting.Notification.self, from: Data(json.utf8))
            notification.attempts = attempts
            claimed.append(notification)
        }
        return claimed.sorted { ($0.nextAttempt, $0.id) < ($1.nextAttempt, $1.id) }
    }

    /// Records that a channel accepted `keys`.
    public func delivered(_ keys: [String], at now: Date) async throws {
        try await client.query(
            """
            UPDATE yuqing_outbox SET delivered = \(now), delivered_by = \(node), claimed_by = NULL, claim_until = NULL,
                attempts = attempts + 1, last_error = NULL
            WHERE key = ANY(\(keys)::text[]) AND delivered IS NULL
            """, logger: logger)
    }

    /// Records a failed attempt: retried from `retryAt`, or given up (`dead`).
    public func failed(_ keys: [String], error: String, retryAt: Date, dead: Bool) async throws {
        try await client.query(
            """
            UPDATE yuqing_outbox SET attempts = attempts + 1, last_error = \(error), not_before = \(retryAt), dead = \(dead),
                claimed_by = NULL, claim_until = NULL
            WHERE key = ANY(\(keys)::text[]) AND delivered IS NULL
            """, logger: logger)
    }

    /// Gives claims back without an attempt (a channel in quiet hours, a stop).
    public func release(_ keys: [String], until: Date) async throws {
        try await client.query(
            """
            UPDATE yuqing_outbox SET claimed_by = NULL, claim_until = NULL, not_before = greatest(not_before, \(until))
            WHERE key = ANY(\(keys)::text[]) AND claimed_by = \(node) AND delivered IS NULL
            """, logger: logger)
    }
}
