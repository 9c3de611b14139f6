import ArgumentParser
import Cluster
import Daemon
import Foundation
import Logging
import Storage

/// `yuqing db migrate`: creates or upgrades the cluster's schema in PostgreSQL.
struct DBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "The cluster's PostgreSQL schema.", subcommands: [Migrate.self])

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply the schema migrations this build knows (safe to repeat).")
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let (dsn, _) = try ClusterOptions.dsn(try options.loadOrExit())
            let logger = ClusterOptions.quietLogger("yuqing.db")
            let applied = try await ClusterDatabase.withClient(dsn: dsn, logger: logger) { client in
                try await SchemaMigrations.migrate(client, logger: logger)
            }
            print(applied.isEmpty ? "数据库结构已是最新（版本 \(SchemaMigrations.latest)）" : "已应用迁移：\(applied.map(String.init).joined(separator: ", "))")
        }
    }
}

/// `yuqing cluster status`: nodes, buckets per node, unowned buckets, lease ages.
struct ClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster", abstract: "The cluster's nodes and source buckets.", subcommands: [Status.self])

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show nodes, buckets per node, unowned buckets and lease ages.")
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let (dsn, cluster) = try ClusterOptions.dsn(try options.loadOrExit())
            let logger = ClusterOptions.quietLogger("yuqing.cluster")
            let now = Date()
            let status = try await ClusterDatabase.withClient(dsn: dsn, logger: logger) { client in
                try await ClusterStatus.load(client, at: now, ttl: cluster.leaseTTL, logger: logger)
            }
            print("数据库结构版本 \(status.schemaVersion)（本程序 \(SchemaMigrations.latest)），无主分桶 \(status.unowned) / \(SchemaMigrations.bucketCount)")
            let table = TextTable(columns: ["节点", "分桶", "上次心跳", "最早续约", "待写入条目", "最近写入"])
            func ago(_ date: Date?) -> String { date.map { String(format: "%.0f 秒前", now.timeIntervalSince($0)) } ?? "—" }
            for node in status.nodes {
                table.add([node.name, String(node.buckets), ago(node.lastSeen), ago(node.oldestRenewal), String(node.pending), ago(node.lastWrite)])
            }
            table.print()
        }
    }
}

enum ClusterOptions {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    /// A command says once what went wrong; the driver's retries stay out of the terminal.
    static func quietLogger(_ label: String) -> Logger { ClusterQueries.quietLogger(label) }

    /// The DSN of the config's `cluster:` section, or a clear error.
    static func dsn(_ config: Config) throws -> (String, Config.Cluster) {
        guard let cluster = config.cluster else {
            throw Problem(description: "\(config.file) has no cluster: section (single-node mode needs no database)")
        }
        guard let dsn = cluster.dsn else { throw Problem(description: "\(cluster.dsnOrigin) is not set here") }
        return (dsn, cluster)
    }

    /// The cluster's queries for `config` (its read replica when given), or a clear error.
    static func queries(_ config: Config, label: String) throws -> ClusterQueries {
        let (primary, cluster) = try dsn(config)
        return ClusterQueries(dsn: cluster.queryDSN ?? primary, logger: quietLogger(label))
    }
}
