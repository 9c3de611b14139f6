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
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
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
            } catch let error as PSQLError {
                throw Unreachable(description: "PostgreSQL at \(dsn.redacted): \(error.serverInfo?[.message] ?? "\(error.code)")")
            } catch let passed as Deadline.Passed {
                throw Unreachable(description: "no answer from PostgreSQL at \(dsn.redacted) within \(passed.seconds.formatted()) seconds")
            }
        }
    }
}
