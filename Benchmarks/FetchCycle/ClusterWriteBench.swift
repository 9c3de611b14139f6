import Alerting
import Analysis
import Cluster
import Feeds
import Foundation
import Logging
import PostgresNIO
import Storage
import YuqingTesting

/// `yuqing-bench --pg-write [--nodes N] [--items N] [--seed S]`: starts a PostgreSQL of its
/// own (initdb + pg_ctl in a temporary directory, as the tests do), lets N nodes write
/// synthetic Chinese items at once — a third of them reposts of recent stories, some seen by
/// several nodes, a tenth with an item alert — in batches of 100 as the daemon's journal
/// does, and prints items per second with stories and alert decisions; then times text
/// search for two-character terms with and without the bigram index, and a bucket take-over.
enum ClusterWriteBench {
    static func run(nodes: Int, items: Int, seed: UInt64) async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let server = try PostgresServer()
        let client = PostgresClient(configuration: try PostgresDSN(server.dsn).configuration, backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await SchemaMigrations.migrate(client, logger: logger)
            for index in ProcessInfo.processInfo.environment["YUQING_BENCH_DROP_INDEXES"]?.split(separator: ",") ?? [] {
                try await client.query(PostgresQuery(unsafeSQL: "DROP INDEX \(index)"), logger: logger)
            }
            try await write(client: client, nodes: nodes, items: items, seed: seed, logger: logger)
            try await search(client: client, seed: seed, logger: logger)
            try await takeOver(client: client, logger: logger)
        }
        withExtendedLifetime(server) {}
    }

    static func write(client: PostgresClient, nodes: Int, items: Int, seed: UInt64, logger: Logger) async throws {
        let now = Date()
        var leases: [[Lease]] = []
        for node in 0..<nodes { try await BucketLeases(client: client, node: "n\(node)", ttl: 3600, logger: logger).heartbeat(at: now) }
        for node in 0..<nodes { leases.append(try await BucketLeases(client: client, node: "n\(node)", ttl: 3600, logger: logger).rebalance(at: now)) }
        var news = SyntheticNews(seed: seed)
        let batches = news.batches(nodes: nodes, items: items, leases: leases, at: now)
        let clock = ContinuousClock()
        var latencies: [Double] = []
        let elapsed = try await clock.measure {
            latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
                for node in 0..<nodes {
                    let writer = ClusterWriter(client: client, node: "n\(node)", logger: logger)
                    let mine = batches[node]
                    group.addTask {
                        var times: [Double] = []
                        for batch in mine {
                            let start = clock.now
                            _ = try await writer.write(batch, at: now)
                            times.append(Self.seconds(clock.now - start))
                        }
                        return times
                    }
                }
                var all: [Double] = []
                for try await times in group { all += times }
                return all.sorted()
            }
        }
        let seconds = Self.seconds(elapsed)
        func count(_ sql: PostgresQuery) async throws -> Int {
            for try await value in try await client.query(sql, logger: logger).decode(Int.self) { return value }
            return 0
        }
        let stored = try await count("SELECT count(*) FROM yuqing_items")
        let stories = try await count("SELECT count(*) FROM yuqing_stories")
        let decisions = try await count("SELECT count(*) FROM yuqing_alert_decisions")
        let p50 = latencies.isEmpty ? 0 : latencies[latencies.count / 2], p99 = latencies.isEmpty ? 0 : latencies[latencies.count * 99 / 100]
        print(String(
            format: "pg write: %d nodes, %d items (%d stored) in %.2f s = %.0f items/s; %d stories, %d alert decisions; batch of 100 p50 %.1f ms p99 %.1f ms",
            nodes, items, stored, seconds, Double(items) / seconds, stories, decisions, p50 * 1000, p99 * 1000))
    }

    /// Median time to list the 50 newest items containing a two-character term, over 20
    /// terms taken from stored titles; with the bigram index, then without it.
    static func search(client: PostgresClient, seed: UInt64, logger: Logger) async throws {
        var terms: [String] = []
        for try await title in try await client.query("SELECT title FROM yuqing_items ORDER BY id LIMIT 20", logger: logger).decode(String.self) {
            let characters = Array(title.filter { $0.unicodeScalars.first.map { $0.value >= 0x4E00 } ?? false })
            if characters.count >= 4 { terms.append(String(characters[2...3])) }
        }
        terms.append("暴雨")  // the common one, last
        let reader = ClusterItemReader(client: client, logger: logger)
        for label in ["bigram index", "no index (sequential scan)"] {
            var times: [Double] = []
            var found = 0
            for term in terms {
                let clock = ContinuousClock(), start = clock.now
                var hits = 0
                try await reader.forEach(ClusterItemReader.Filter(since: .distantPast, contains: term)) { _ in
                    hits += 1
                    return hits < 50
                }
                times.append(Self.seconds(clock.now - start))
                found += hits
            }
            let common = times.last ?? 0
            times.sort()
            print(String(
                format: "search, %@: median %.1f ms, worst %.1f ms over %d two-character terms (%d hits); the common term 暴雨 %.1f ms",
                label, times[times.count / 2] * 1000, (times.last ?? 0) * 1000, times.count, found, common * 1000))
            try await client.query("DROP INDEX IF EXISTS yuqing_items_grams", logger: logger)
        }
    }

    /// A node stops renewing; another, rebalancing every ttl / 3 as the daemon does, holds
    /// all its buckets after this long.
    static func takeOver(client: PostgresClient, logger: Logger) async throws {
        try await client.query("UPDATE yuqing_bucket_leases SET owner = NULL, expires = 'epoch'", logger: logger)
        try await client.query("DELETE FROM yuqing_nodes", logger: logger)
        let ttl = 6.0
        let a = BucketLeases(client: client, node: "a", ttl: ttl, logger: logger), b = BucketLeases(client: client, node: "b", ttl: ttl, logger: logger)
        _ = try await a.rebalance(at: Date())
        _ = try await b.rebalance(at: Date())
        _ = try await a.rebalance(at: Date())
        let stopped = Date()  // a's last renewal
        var held = 0
        while held < SchemaMigrations.bucketCount {
            try await Task.sleep(for: .seconds(ttl / 3))
            held = try await b.rebalance(at: Date()).count
        }
        print(String(format: "take-over: a dead node's buckets all held by the survivor %.1f s after its last renewal (ttl %.0f s, rounds every ttl/3)", Date().timeIntervalSince(stopped), ttl))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
