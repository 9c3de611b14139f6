import Alerting
import Foundation
import Logging
import PostgresNIO

/// One PostgreSQL client kept for every query of a long-running process (the daemon's web
/// view), instead of a new client, connection and TLS handshake per request as
/// `ClusterDatabase.withClient` makes — right for a CLI command that asks once, slow for a
/// page that asks on every load.
///
/// The server is found when the first query comes (`PrimaryFinder`, as `withClient` finds
/// it) and found again after a query fails for any reason but an error the server reported
/// for the statement itself: after a failover or a restart of the server, one request fails
/// and the next one reaches the server that now answers.
public actor SharedClusterClient {
    private struct Running: Sendable {
        let client: PostgresClient
        let runner: Task<Void, Never>
    }

    private let dsn: PostgresDSN
    private let logger: Logger
    private var current: Task<Running, any Error>?

    /// Throws `PostgresDSN.Invalid` for a DSN that cannot be used.
    public init(dsn: String, logger: Logger) throws {
        self.dsn = try PostgresDSN(dsn)
        self.logger = logger
    }

    /// `body`'s result with the shared client, within `timeout` (finding the server
    /// included); errors are said as `ClusterDatabase.withClient` says them.
    public func withClient<T: Sendable>(timeout: Duration, _ body: @escaping @Sendable (PostgresClient) async throws -> T) async throws -> T {
        let seconds = timeout.inSeconds
        let starting = current ?? start(findingWithin: min(seconds, 5))
        current = starting
        let running: Running
        do {
            running = try await starting.value
        } catch {
            if current == starting { current = nil }
            throw ClusterDatabase.Unreachable(description: "PostgreSQL at \(dsn.redacted): \(error)")
        }
        do {
            return try await Deadline.within(seconds) { try await body(running.client) }
        } catch {
            // The connection, not the statement: the next query finds the server again.
            if !((error as? PSQLError).map(Self.isAboutTheStatement) ?? false), current == starting {
                current = nil
                running.runner.cancel()
            }
            throw ClusterDatabase.unreachable(error, dsn: dsn) ?? ClusterDatabase.Unreachable(description: "PostgreSQL at \(dsn.redacted): \(error)")
        }
    }

    /// True for an error the server reported about the statement (a syntax error, a missing
    /// table), which another server would report too; false for the connection's and the
    /// server's own state (SQLSTATE classes 08 and 57: a lost connection, a shutdown).
    static func isAboutTheStatement(_ error: PSQLError) -> Bool {
        guard let state = error.serverInfo?[.sqlState] else { return false }
        return !state.hasPrefix("08") && !state.hasPrefix("57")
    }

    /// Stops the client and returns once its connections have closed; a later query
    /// starts another.
    public func shutdown() async {
        guard let starting = current else { return }
        current = nil
        guard let running = try? await starting.value else { return }
        running.runner.cancel()
        await running.runner.value
    }

    private func start(findingWithin seconds: Double) -> Task<Running, any Error> {
        let (dsn, logger) = (dsn, logger)
        return Task {
            let endpoint = try await PrimaryFinder.find(dsn, timeout: seconds, logger: logger)
            let client = PostgresClient(configuration: dsn.configuration(endpoint), backgroundLogger: logger)
            return Running(client: client, runner: Task { await client.run() })
        }
    }
}
