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
        let client = PostgresClient(configuration: dsn.configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw Unreachable(description: "no answer from PostgreSQL at \(dsn.redacted) within \(timeout)")
            }
            group.addTask {
                do {
                    return try await body(client)
                } catch let error as PSQLError {
                    let message = error.serverInfo?[.message] ?? "\(error.code)"
                    throw Unreachable(description: "PostgreSQL at \(dsn.redacted): \(message)")
                }
            }
            defer { group.cancelAll() }
            while let next = try await group.next() {
                if let value = next { return value }
            }
            throw Unreachable(description: "PostgreSQL at \(dsn.redacted): the connection ended")
        }
    }
}
