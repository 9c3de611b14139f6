import Alerting
import Logging
import PostgresNIO

/// Runs work against the cluster's database: a `PostgresClient` running for as long as
/// `body` does, with the DSN's errors and an unreachable server said in one line.
public enum ClusterDatabase {
    public struct Unreachable: Error, CustomStringConvertible {
        public var description: String
    }

    public static func withClient<T: Sendable>(
        dsn text: String, timeout: Duration = .seconds(15), logger: Logger, _ body: @escaping @Sendable (PostgresClient) async throws -> T
    ) async throws -> T {
        let dsn = try PostgresDSN(text)
        let seconds = timeout.inSeconds
        let endpoint: PostgresDSN.Endpoint
        do {
            endpoint = try await PrimaryFinder.find(dsn, timeout: min(seconds, 5), logger: logger)
        } catch {
            throw Unreachable(description: "PostgreSQL at \(dsn.redacted): \(error)")
        }
        let client = PostgresClient(configuration: dsn.configuration(endpoint), backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            do {
                return try await Deadline.within(seconds) { try await body(client) }
            } catch {
                throw unreachable(error, dsn: dsn) ?? error
            }
        }
    }

    /// The server's error or a passed deadline said in one line naming the server; nil for
    /// other errors.
    static func unreachable(_ error: any Error, dsn: PostgresDSN) -> Unreachable? {
        if let error = error as? PSQLError {
            return Unreachable(description: "PostgreSQL at \(dsn.redacted): \(error.serverInfo?[.message] ?? "\(error.code)")")
        }
        if let passed = error as? Deadline.Passed {
            return Unreachable(description: "no answer from PostgreSQL at \(dsn.redacted) within \(passed.seconds.formatted()) seconds")
        }
        return nil
    }
}
