import ArgumentParser
import Cluster
import Daemon
import Foundation

/// `yuqing check`: validates a configuration without running anything; with `cluster:`,
/// also that PostgreSQL answers and holds the schema this build needs.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a configuration file; exit status 2 when it has errors."
    )

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let config = try options.loadOrExit()
        print("\(options.config): 配置有效 (configuration OK)")
        print("  信息源 sources: \(config.sources.count)   话题 topics: \(config.topics.count)   告警规则 rules: \(config.rules.count)")
        print("  数据目录 data: \(config.dataDirectory)")
        for channel in config.channels {
            guard let reason = channel.inertReason else { continue }
            print("  注意: 告警通道 \(channel.name) 未启用 (\(reason))")
        }
        if let reason = config.web?.inertReason { print("  注意: 网页视图未启用 (\(reason))") }
        let inlineSecrets = config.channels.filter { $0.urlOrigin == "url" }.map(\.name)
        if !inlineSecrets.isEmpty, let mode = (try? FileManager.default.attributesOfItem(atPath: options.config))?[.posixPermissions] as? Int,
            mode & 0o004 != 0
        {
            print("  警告: \(options.config) is readable by every user but holds the URL (a secret token) of \(inlineSecrets.joined(separator: ", ")); "
                + "use url_env or url_credential, or chmod o-r \(options.config)")
        }
        if let cluster = config.cluster { try await checkCluster(cluster) }
    }

    /// Exit status 1 when the database is not ready: unset DSN, no answer, or an older schema.
    private func checkCluster(_ cluster: Config.Cluster) async throws {
        guard let dsn = cluster.dsn else {
            print("  集群: \(cluster.dsnOrigin) is not set here; this node would poll nothing")
            throw ExitCode(1)
        }
        let logger = ClusterOptions.quietLogger("yuqing.check")
        do {
            let version = try await ClusterDatabase.withClient(dsn: dsn, timeout: .seconds(10), logger: logger) { client in
                try await SchemaMigrations.currentVersion(client, logger: logger)
            }
            guard version >= SchemaMigrations.latest else {
                print("  集群: 数据库结构版本 \(version)，本程序需要 \(SchemaMigrations.latest)：运行 yuqing db migrate")
                throw ExitCode(1)
            }
            print("  集群: 节点 \(cluster.node)，数据库结构版本 \(version)（最新）")
        } catch let error as ClusterDatabase.Unreachable {
            print("  集群: \(error)")
            throw ExitCode(1)
        }
    }
}
