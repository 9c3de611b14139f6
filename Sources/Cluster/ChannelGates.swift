import Foundation
import Logging
import PostgresNIO

/// A channel's rate limit and its groups' intervals, held for the whole cluster: with three
/// nodes delivering to one DingTalk robot, each node's own 20 a minute would make 60, and
/// the robot refuses (and is muted for ten minutes) past 20. One row per gate in
/// `yuqing_channel_gates`, changed in one statement, so two nodes never take the same token.
public struct ChannelGates: Sendable {
    public let client: PostgresClient
    public let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Takes one token of `channel`'s bucket (`perMinute` a minute, at most `burst` saved up,
    /// as `Outbox` keeps it on one node); returns 0 when taken, otherwise the seconds until
    /// the next token. Time runs by the nodes' clocks and never backwards.
    public func take(channel: String, perMinute: Double, burst: Double, at now: Date) async throws -> Double {
        let key = "rate|" + channel
        let taken = try await client.query(
            """
            INSERT INTO yuqing_channel_gates AS g (key, tokens, updated) VALUES (\(key), \(burst - 1), \(now))
            ON CONFLICT (key) DO UPDATE
                SET tokens = least(\(burst), g.tokens + greatest(0, extract(epoch FROM \(now) - g.updated)) * \(perMinute) / 60) - 1,
                    updated = greatest(g.updated, \(now))
                WHERE least(\(burst), g.tokens + greatest(0, extract(epoch FROM \(now) - g.updated)) * \(perMinute) / 60) >= 1
            RETURNING tokens
            """, logger: logger)
        for try await _ in taken.decode(Double.self) { return 0 }
        let rows = try await client.query(
            """
            SELECT least(\(burst), tokens + greatest(0, extract(epoch FROM \(now) - updated)) * \(perMinute) / 60)::float8
            FROM yuqing_channel_gates WHERE key = \(key)
            """, logger: logger)
        for try await tokens in rows.decode(Double.self) { return max(0.001, (1 - tokens) * 60 / perMinute) }
        return 0
    }

    /// When `group` (a batch's key: channel and group) may go out again after `interval`,
    /// nil when it may now.
    public func groupReady(_ group: String, interval: Double, at now: Date) async throws -> Date? {
        let rows = try await client.query("SELECT updated FROM yuqing_channel_gates WHERE key = \("group|" + group)", logger: logger)
        for try await last in rows.decode(Date.self) {
            let ready = last.addingTimeInterval(interval)
            return ready > now ? ready : nil
        }
        return nil
    }

    /// Records that `group` went out at `now`.
    public func groupSent(_ group: String, at now: Date) async throws {
        try await client.query(
            """
            INSERT INTO yuqing_channel_gates AS g (key, updated) VALUES (\("group|" + group), \(now))
            ON CONFLICT (key) DO UPDATE SET updated = greatest(g.updated, \(now))
            """, logger: logger)
    }
}
