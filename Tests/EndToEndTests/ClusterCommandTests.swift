import Cluster
import Foundation
import Testing
import YuqingTesting

/// `yuqing db migrate` and `yuqing cluster status` against a real PostgreSQL, with the DSN
/// from the environment as the `cluster:` section names it.
struct ClusterCommandTests {
    @Test(.timeLimit(.minutes(15)))
    func migrateTwiceThenStatus() async throws {
        let server = try await offPool { try PostgresServer() }
        let scratch = try TemporaryDirectory("cluster-cli")
        let config = scratch.file("feeds.yml").path
        try """
            storage: { dir: \(scratch.file("data").path) }
            sources: [ { id: s1, url: "https://news.example.cn/rss" } ]
            cluster: { dsn_env: YUQING_PG_DSN, node: node-1 }
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let environment = ["YUQING_PG_DSN": server.dsn]
        let before = try await Harness.runCLI(["check", "--config", config], environment: environment)
        #expect(before.status == 1 && before.output.contains("运行 yuqing db migrate"), "\(before.output)")
        let first = try await Harness.runCLI(["db", "migrate", "--config", config], environment: environment)
        let versions = (1...SchemaMigrations.latest).map(String.init).joined(separator: ", ")
        #expect(first.status == 0 && first.output.contains("已应用迁移：\(versions)\n"), "\(first.output)")
        let again = try await Harness.runCLI(["db", "migrate", "--config", config], environment: environment)
        #expect(again.status == 0 && again.output.contains("已是最新"), "\(again.output)")
        let checked = try await Harness.runCLI(["check", "--config", config], environment: environment)
        #expect(checked.status == 0 && checked.output.contains("数据库结构版本 \(SchemaMigrations.latest)（最新）"), "\(checked.output)")
        let status = try await Harness.runCLI(["cluster", "status", "--config", config], environment: environment)
        #expect(status.status == 0 && status.output.contains("无主分桶 1024 / 1024"), "\(status.output)")

        let unset = try await Harness.runCLIWithErrors(["db", "migrate", "--config", config])
        #expect(unset.status != 0 && unset.output.contains("dsn_env YUQING_PG_DSN is not set"), "\(unset.output)")
        server.stop()
        let down = try await Harness.runCLIWithErrors(["cluster", "status", "--config", config], environment: environment)
        #expect(down.status != 0 && down.output.contains("127.0.0.1:\(server.port)") && !down.output.contains("Fatal"), "\(down.output)")
    }

    @Test func aDSNWrittenInTheFileIsRefused() async throws {
        let scratch = try TemporaryDirectory("cluster-check")
        let config = scratch.file("feeds.yml").path
        try """
            storage: { dir: \(scratch.file("data").path) }
            sources: [ { id: s1, url: "https://news.example.cn/rss" } ]
            cluster: { dsn: "postgres://u:secret@db/yuqing" }
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let check = try await Harness.runCLIWithErrors(["check", "--config", config])
        #expect(check.status != 0 && check.output.contains("never the DSN itself"), "\(check.output)")
        #expect(!check.output.contains("secret"))
    }

    @Test func anUnknownDegradedAlertsModeIsRefused() async throws {
        let scratch = try TemporaryDirectory("cluster-check-mode")
        let config = scratch.file("feeds.yml").path
        try """
            storage: { dir: \(scratch.file("data").path) }
            sources: [ { id: s1, url: "https://news.example.cn/rss" } ]
            cluster: { dsn_env: YUQING_PG_DSN, degraded_alerts: drop }
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let check = try await Harness.runCLIWithErrors(["check", "--config", config], environment: ["YUQING_PG_DSN": "postgres://u@127.0.0.1:1/yuqing"])
        #expect(check.status == 2 && check.output.contains("degraded_alerts: hold"), "\(check.output)")
    }

    /// A reload that changes the cluster: section keeps the running one and says so (joining,
    /// leaving or moving to another database needs a restart).
    @Test(.timeLimit(.minutes(15)))
    func aReloadKeepsTheRunningClusterSection() async throws {
        let scratch = try TemporaryDirectory("cluster-reload")
        let file = scratch.file("feeds.yml")
        func write(node: String) throws {
            try """
                storage: { dir: \(scratch.file("data").path) }
                sources: [ { id: s1, url: "http://127.0.0.1:9/rss" } ]
                cluster: { dsn_env: YUQING_PG_DSN, node: \(node), lease_ttl: 6s }
                """.write(to: file, atomically: true, encoding: .utf8)
        }
        try write(node: "first")
        // No database answers: the node runs degraded, which is enough to reload.
        let daemon = try Daemon(config: file, environment: ["YUQING_PG_DSN": "postgres://u@127.0.0.1:9/yuqing?sslmode=disable"], log: scratch.file("node.log"))
        defer { if daemon.process.isRunning { kill(daemon.process.processIdentifier, SIGKILL) } }
        #expect(try await Harness.waitUntil(seconds: 20) { daemon.logText.contains("monitoring") }, "\(daemon.logText)")
        try write(node: "second")
        kill(daemon.process.processIdentifier, SIGHUP)
        #expect(try await Harness.waitUntil(seconds: 10) { daemon.logText.contains("takes effect at the next start") }, "\(daemon.logText)")
        #expect(try await Harness.waitUntil(seconds: 10) { daemon.logText.contains("configuration reloaded") })
        #expect(try await daemon.terminate() == 0)
    }
}
