import Cluster
import Foundation
import Logging
import PostgresNIO
import YuqingTesting

/// A fresh PostgreSQL for one test (initdb + pg_ctl on a loopback port), migrated, with a
/// running client; shared by the cluster suites.
enum ClusterFixture {
    static let logger: Logger = {
        var logger = Logger(label: "test") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = ProcessInfo.processInfo.environment["YUQING_TEST_PG_LOG"] == nil ? .warning : .debug
        return logger
    }()

    /// Runs `body` with a client of a migrated database; `applied` receives what the first
    /// migration run applied.
    static func withDatabase(
        applied: (([Int]) -> Void)? = nil, _ body: (PostgresClient) async throws -> Void
    ) async throws {
        let server = try await offPool { try PostgresServer() }
        let dsn = try PostgresDSN(server.dsn)
        let client = PostgresClient(configuration: dsn.configuration, backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let versions = try await SchemaMigrations.migrate(client, logger: logger)
            applied?(versions)
            try await body(client)
        }
        withExtendedLifetime(server) {}
    }

    /// The first value of a one-column query.
    static func scalar<T: PostgresDecodable & Sendable>(_ client: PostgresClient, _ query: PostgresQuery, as type: T.Type) async throws -> T? {
        for try await value in try await client.query(query, logger: logger).decode(T.self) { return value }
        return nil
    }
}
