import Logging
import PostgresNIO

/// How the cluster runs a transaction: BEGIN … COMMIT on one pooled connection, run again
/// (up to eight times, after a short random pause) when PostgreSQL chose it as a deadlock's
/// or a serialisation failure's victim, or ended its session before it was committed.
///
/// Not postgres-nio's `withTransaction`: postgres-nio 1.33 never answers a statement written
/// to a connection the server has already closed (the statement's promise goes with the
/// channel's handlers), so a transaction whose session PostgreSQL ended — idle in it past
/// `idle_in_transaction_session_timeout` because the node was stalled or starved of CPU, an
/// administrator's `pg_terminate_backend` — waited for ever on its next statement, or on
/// the ROLLBACK after it. Here every statement checks the session first
/// (`checkedQuery`), and so does the ROLLBACK after a failure (on an ended session the
/// server has already rolled the transaction back).
public enum ClusterTransaction {
    /// The session ended before a statement of the transaction was sent: nothing of it was
    /// committed, and it can run again on another session.
    public struct SessionEnded: Error, CustomStringConvertible {
        public var description: String {
            "PostgreSQL ended the session during a transaction (idle in it for longer than idle_in_transaction_session_timeout, or the server went away); nothing of it was committed"
        }
    }

    /// `body` in a transaction, again when that is safe and may succeed (`isRetryable`).
    public static func run<T: Sendable>(
        _ client: PostgresClient, logger: Logger, attempts: Int = 8, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await client.withConnection { connection in try await once(on: connection, logger: logger, body) }
            } catch where attempt < attempts && isRetryable(error) {
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...20) * attempt))
                attempt += 1
            }
        }
    }

    /// A deadlock's or a serialisation failure's victim, or a transaction whose session ended
    /// before it was committed.
    public static func isRetryable(_ error: any Error) -> Bool {
        if error is SessionEnded { return true }
        return ["40P01", "40001"].contains((error as? PSQLError)?.serverInfo?[.sqlState] ?? "")
    }

    private static func once<T: Sendable>(
        on connection: PostgresConnection, logger: Logger, _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await connection.checkedQuery("BEGIN", logger: logger)
        do {
            let value = try await body(connection)
            try await connection.checkedQuery("COMMIT", logger: logger)
            return value
        } catch {
            _ = try? await connection.checkedQuery("ROLLBACK", logger: logger)
            throw error
        }
    }
}

extension PostgresConnection {
    /// `query`'s rows, or `ClusterTransaction.SessionEnded` at once when the session has
    /// already ended (postgres-nio would never answer it). Whether it has is asked on the
    /// connection's event loop in the same turn as the statement is written there: the
    /// channel cannot close between the two, and once written the statement is answered or
    /// failed with the channel. (Asked from another thread, a close landing between the
    /// question and the write would lose the statement. With the question asked that way,
    /// 600 transactions whose session the server ended within milliseconds of their next
    /// statement — 150 on an idle machine, 450 beside four busy loops — never hit that
    /// window; nothing else rules it out.)
    @discardableResult
    public func checkedQuery(_ query: PostgresQuery, logger: Logger) async throws -> PostgresQueryResult {
        try await eventLoop.flatSubmit { () -> EventLoopFuture<PostgresQueryResult> in
            guard !self.isClosed else { return self.eventLoop.makeFailedFuture(ClusterTransaction.SessionEnded()) }
            return self.query(query, logger: logger)
        }.get()
    }
}

extension PostgresQueryResult {
    /// Every row's one column, decoded.
    public func decode<Column: PostgresDecodable>(_ type: Column.Type) throws -> [Column] {
        try rows.map { try $0.decode(Column.self) }
    }

    /// Every row's columns, decoded.
    public func decode<each Column: PostgresDecodable>(_ types: (repeat each Column).Type) throws -> [(repeat each Column)] {
        try rows.map { try $0.decode(types) }
    }
}
