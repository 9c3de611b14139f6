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
        (2, [
            // Items once by their deterministic id; `record` is the segment line, so a
            // node can rebuild from the database what its segments would have held.
            """
            CREATE TABLE yuqing_items (
                id text PRIMARY KEY,
                source text NOT NULL,
                bucket integer NOT NULL,
                story text NOT NULL,
                fetched timestamptz NOT NULL,
                published timestamptz,
                title text NOT NULL,
                url text,
                summary text NOT NULL,
                topics text[] NOT NULL,
                score integer NOT NULL,
                node text NOT NULL,
                record jsonb NOT NULL)
            """,
            "CREATE INDEX yuqing_items_fetched ON yuqing_items (fetched)",
            "CREATE INDEX yuqing_items_story ON yuqing_items (story)",
            """
            CREATE TABLE yuqing_stories (
                id text PRIMARY KEY,
                opened timestamptz NOT NULL,
                first_item text NOT NULL,
                title text NOT NULL,
                topics text[] NOT NULL,
                node text NOT NULL)
            """,
            // A node's own story id for a story another node opened first.
            "CREATE TABLE yuqing_story_aliases (local text PRIMARY KEY, story text NOT NULL)",
            // New stories per topic and 5 minutes, a row per node so that writers never wait
            // on each other's counts: the global count is the sum (exact, as each story is
            // opened once under the arbiter's locks).
            // The story index's entries (a lede's with its title's fingerprint, -1 for none);
            // b0…b3 are the fingerprint's 16-bit blocks.
            """
            CREATE TABLE yuqing_story_prints (
                fingerprint bigint NOT NULL,
                title bigint NOT NULL,
                numbers bigint NOT NULL,
                story text NOT NULL,
                time timestamptz NOT NULL,
                b0 integer NOT NULL, b1 integer NOT NULL, b2 integer NOT NULL, b3 integer NOT NULL,
                UNIQUE (story, fingerprint, title))
            """,
            "CREATE INDEX yuqing_story_prints_b0 ON yuqing_story_prints (b0)",
            "CREATE INDEX yuqing_story_prints_b1 ON yuqing_story_prints (b1)",
            "CREATE INDEX yuqing_story_prints_b2 ON yuqing_story_prints (b2)",
            "CREATE INDEX yuqing_story_prints_b3 ON yuqing_story_prints (b3)",
            """
            CREATE TABLE yuqing_story_counts (
                topic text NOT NULL,
                bucket timestamptz NOT NULL,
                node text NOT NULL,
                stories integer NOT NULL,
                PRIMARY KEY (topic, bucket, node))
            """,
            """
            CREATE TABLE yuqing_alert_decisions (
                key text PRIMARY KEY,
                rule text NOT NULL,
                channel text NOT NULL,
                story text,
                item text,
                decided timestamptz NOT NULL,
                outcome text NOT NULL,
                mark text,
                node text NOT NULL,
                notification jsonb NOT NULL)
            """,
            "CREATE INDEX yuqing_alert_decisions_decided ON yuqing_alert_decisions (decided)",
            """
            CREATE TABLE yuqing_outbox (
                key text PRIMARY KEY REFERENCES yuqing_alert_decisions (key),
                channel text NOT NULL,
                notification jsonb NOT NULL,
                not_before timestamptz NOT NULL,
                attempts integer NOT NULL DEFAULT 0,
                claimed_by text,
                claim_until timestamptz,
                delivered timestamptz,
                delivered_by text,
                dead boolean NOT NULL DEFAULT false,
                last_error text)
            """,
            "CREATE INDEX yuqing_outbox_due ON yuqing_outbox (not_before) WHERE delivered IS NULL AND NOT dead",
        ]),
        (3, [
            // Text search that stays fast for two-character Chinese terms, which trigram
            // indexes cannot serve: a GIN index over the character bigrams (`Bigrams`) of
            // the title and summary as `TextNormalizer` folds them (`search`), every hit
            // verified on `search` itself.
            "ALTER TABLE yuqing_items ADD COLUMN search text NOT NULL DEFAULT '', ADD COLUMN grams integer[] NOT NULL DEFAULT '{}'",
            "CREATE INDEX yuqing_items_grams ON yuqing_items USING gin (grams)",
        ]),
        (4, [
            // What `yuqing cluster status` shows as a node's lag: items waiting in its journal
            // and when it last wrote a batch, sent with each heartbeat.
            "ALTER TABLE yuqing_nodes ADD COLUMN pending integer NOT NULL DEFAULT 0, ADD COLUMN last_write timestamptz",
        ]),
        (5, [
            // What holds across nodes when they deliver: a channel's rate limit (a token
            // bucket per channel, `rate|<channel>`) and a group's interval (when the group
            // last went out, `group|<channel>|<group>`) — see `ChannelGates`.
            "CREATE TABLE yuqing_channel_gates (key text PRIMARY KEY, tokens double precision NOT NULL DEFAULT 0, updated timestamptz NOT NULL)",
        ]),
        (6, [
            // A lede's print is verified by its title's `TitleSignature` since this version;
            // the SimHash titles stored before cannot be turned into one, so those prints go
            // (whole-text prints stay; lede joins resume with the items stored from now on).
            "DELETE FROM yuqing_story_prints WHERE title <> -1",
        ]),
        (7, [
            // Each source's health as the node that polled it last saw it (`ClusterSourceHealth`):
            // what reports, the web view and `yuqing sources` show for every node's sources.
            """
            CREATE TABLE yuqing_source_health (
                source text PRIMARY KEY,
                node text NOT NULL,
                attempted timestamptz NOT NULL,
                state jsonb NOT NULL)
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
            let done = try await ClusterTransaction.run(client, logger: logger) { connection -> Bool in
                try await connection.checkedQuery("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
                let rows = try await connection.checkedQuery("SELECT 1 FROM yuqing_schema WHERE version = \(migration.version)", logger: logger)
                for _ in rows { return false }
                for statement in migration.statements {
                    try await connection.checkedQuery(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.checkedQuery("INSERT INTO yuqing_schema (version) VALUES (\(migration.version))", logger: logger)
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
