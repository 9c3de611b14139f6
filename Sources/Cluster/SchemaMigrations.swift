import Logging
import PostgresNIO

/// The cluster's schema, as numbered migrations applied in order (`yuqing db migrate`, and
/// every node at start): each in one transaction, under an advisory lock so nodes starting
/// together apply it once. `yuqing_schema` records what has been applied.
public enum SchemaMigrations {
    /// The number of buckets sources are spread over; fixed by the first migration.
    public static let bucketCount = 1024

    public static let all: [(version: Int, statements: [String])] = [
        (1, [
            """
            CREATE TABLE yuqing_nodes (
                node text PRIMARY KEY,
                started timestamptz NOT NULL,
                seen timestamptz NOT NULL)
            """,
            """
            CREATE TABLE yuqing_bucket_leases (
                bucket integer PRIMARY KEY,
                owner text,
                epoch bigint NOT NULL DEFAULT 0,
                expires timestamptz NOT NULL DEFAULT 'epoch')
            """,
            "INSERT INTO yuqing_bucket_leases (bucket) SELECT generate_series(0, \(bucketCount - 1))",
            """
            CREATE TABLE yuqing_source_polls (
                source text PRIMARY KEY,
                bucket integer NOT NULL,
                epoch bigint NOT NULL,
                node text NOT NULL,
                polled timestamptz NOT NULL)
            """,
        ]),
    ]

    /// The newest version this build knows.
    public static var latest: Int { all.map(\.version).max() ?? 0 }

    /// An arbitrary constant: the advisory lock migrations take.
    static let lockKey = 7_271_001

    /// Applies what is missing; returns the versions applied now.
    @discardableResult
    public static func migrate(_ client: PostgresClient, logger: Logger) async throws -> [Int] {
        try await client.query("CREATE TABLE IF NOT EXISTS yuqing_schema (version integer PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())", logger: logger)
        var applied: [Int] = []
        for migration in all {
            let done = try await client.withTransaction(logger: logger) { connection -> Bool in
                try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
                let rows = try await connection.query("SELECT 1 FROM yuqing_schema WHERE version = \(migration.version)", logger: logger)
                for try await _ in rows { return false }
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO yuqing_schema (version) VALUES (\(migration.version))", logger: logger)
                return true
            }
            if done { applied.append(migration.version) }
        }
        return applied
    }

    /// The newest applied version; 0 on an empty database.
    public static func currentVersion(_ client: PostgresClient, logger: Logger) async throws -> Int {
        let exists = try await client.query("SELECT to_regclass('yuqing_schema') IS NOT NULL", logger: logger)
        for try await present in exists.decode(Bool.self) where !present { return 0 }
        let rows = try await client.query("SELECT coalesce(max(version), 0) FROM yuqing_schema", logger: logger)
        for try await version in rows.decode(Int.self) { return version }
        return 0
    }
}
