import Cluster
import Foundation
import Logging
import PostgresNIO
import Testing
import YuqingTesting

/// What every cluster end-to-end test starts: a PostgreSQL, the many-hosts feed server
/// (syndicated stories held back until `publish()`), the alert receivers, and `yuqing run`
/// nodes on them, each with its own data directory and User-Agent; all stopped by `stop()`.
final class ClusterRig: @unchecked Sendable {
    static let secret = "SEC-cluster-secret"

    struct Call: Decodable {
        var path: String
        var status: Int
        var key: String?
        var time: Double?
    }

    struct Request: Decodable {
        var path: String
        var agent: String
        var time: Double
    }

    /// The database when the rig started one server (nil on a failover formation).
    let database: PostgresServer?
    private let sql: @Sendable (String) throws -> [String]
    let scratch: TemporaryDirectory
    let feeds: PythonServer
    let receivers: PythonServer
    let environment: [String: String]
    private(set) var nodes: [String: Daemon] = [:]
    /// Whether the rig holds a permit of `TestGate.heavy` until `stop()`.
    private let gated: Bool
    /// How many characters of each node's log `logs()` shows.
    var logTail = 1500

    /// With `formation`, the nodes use its failover pair instead of a server of their own (the
    /// test holds `TestGate.heavy` itself then); otherwise the rig waits for the gate and
    /// `stop()` gives it back.
    convenience init(_ name: String, hosts: Int, stories: Int, formation: FailoverFormation? = nil) async throws {
        let gated = formation == nil
        if gated { await TestGate.heavy.enter() }
        do {
            try await self.init(name, hosts: hosts, stories: stories, setUp: formation, gated: gated)
        } catch {
            if gated { await TestGate.heavy.leave() }
            throw error
        }
    }

    private init(_ name: String, hosts: Int, stories: Int, setUp formation: FailoverFormation?, gated: Bool) async throws {
        self.gated = gated
        let dsn: String
        if let formation {
            database = nil
            dsn = formation.dsn
            sql = { try formation.query($0) }
        } else {
            let server = try await offPool { try PostgresServer() }
            database = server
            dsn = server.dsn
            sql = { try server.query($0) }
        }
        scratch = try TemporaryDirectory(name)
        feeds = try await PythonServer(
            script: "many_hosts.py", directory: scratch.url.appendingPathComponent("feeds"), arguments: ["--hosts", String(hosts), "--stories", String(stories)])
        receivers = try await PythonServer(script: "alert_receivers.py", directory: scratch.url.appendingPathComponent("hooks"), arguments: ["--secret", Self.secret])
        environment = ["YUQING_PG_DSN": dsn, "ROBOT_SECRET": Self.secret]
    }

    /// Starts node `name` on `sources` sources spread over `hosts` loopback hosts; `rules`
    /// are alert rules besides the item rule (YAML flow mappings), `hook` more settings of
    /// the webhook channel (`rate_limit: 6/min`).
    /// `ttl`: the lease ttl in seconds (each database round has a third of it).
    func start(_ name: String, sources: Int, hosts: Int, interval: Int = 2, ttl: Int = 6, rules: [String] = [], hook: String = "", extra: String = "") throws {
        let file = try writeConfig(node: name, sources: sources, hosts: hosts, interval: interval, ttl: ttl, rules: rules, hook: hook, extra: extra)
        nodes[name] = try Daemon(config: file, environment: environment, log: scratch.file("\(name).log"))
    }

    func stop() {
        for node in nodes.values where node.process.isRunning { kill(node.process.processIdentifier, SIGKILL) }
        feeds.stop()
        receivers.stop()
        if gated { Task { await TestGate.heavy.leave() } }
    }

    /// The syndicated stories (the first `count` of them) appear in every feed from now on.
    func publish(_ count: Int? = nil) {
        let marker = feeds.stateDirectory.appendingPathComponent("publish").path
        FileManager.default.createFile(atPath: marker, contents: Data((count.map(String.init) ?? "").utf8))
    }

    func config(_ node: String) -> String { scratch.file("\(node).yml").path }

    func logs() -> String { nodes.map { "\($0.key): \($0.value.logText.suffix(logTail))" }.joined(separator: "\n") }

    /// Records a failure when `condition` is false, with every node's log and threads'
    /// stacks: a node that stopped polling shows where it waits.
    func require(_ condition: Bool, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) async {
        guard !condition else { return }
        Issue.record("\(what)\n\(clusterLines())\n\(logs())\n\(await stacks())", sourceLocation: sourceLocation)
    }

    /// Each node's last 40 log lines about the cluster (leases taken and given, the database
    /// lost and back), which a log's tail of fetches hides.
    func clusterLines() -> String {
        nodes.sorted(by: { $0.key < $1.key }).map { name, node in
            let lines = node.logText.split(separator: "\n").filter { $0.contains("cluster:") || $0.contains("fetch failed") }
            return "\(name), cluster lines:\n" + lines.suffix(40).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Each running node's threads' stacks, for a failure that may be a node stuck waiting.
    func stacks() async -> String {
        var text = ""
        for (name, node) in nodes.sorted(by: { $0.key < $1.key }) where node.process.isRunning {
            text += "\(name) (pid \(node.process.processIdentifier)):\n\(await node.stacks())\n"
        }
        return text
    }

    /// The webhook receiver's calls.
    func calls() -> [Call] { ((try? receivers.read([Call].self, from: "calls.json")) ?? []).filter { $0.path == "/webhook" } }

    /// A one-number query's answer, -1 when it fails.
    func count(_ query: String) -> Int { (try? sql(query)).flatMap { $0.first.flatMap { Int($0) } } ?? -1 }

    /// A one-number query's answer (-1 when it fails) through a connection of its own, for
    /// the conditions tests poll: psql would block one of the cooperative pool's two threads
    /// for each poll, and a few tests polling at once starve every other test.
    func polled(_ query: String) async -> Int {
        let logger = Logger(label: "rig") { _ in SwiftLogNoOpLogHandler() }
        let dsn = environment["YUQING_PG_DSN"] ?? ""
        return (try? await ClusterDatabase.withClient(dsn: dsn, timeout: .seconds(10), logger: logger) { client in
            for try await value in try await client.query(PostgresQuery(unsafeSQL: query), logger: logger).decode(Int.self) { return value }
            return -1
        }) ?? -1
    }

    /// The rows of `query` (psql's unaligned output).
    func rows(_ query: String) -> [String] { (try? sql(query)) ?? [] }

    /// Every feed request so far, with the asking node's User-Agent.
    func requests() -> [Request] {
        let text = (try? String(contentsOf: feeds.stateDirectory.appendingPathComponent("requests.jsonl"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }

    /// Waits until, over the last `window` seconds, each of `sources` was polled by one node
    /// only and `nodes` nodes polled.
    func settle(sources: Int, nodes: Int, window: Double = 4) async throws -> Bool {
        try await Harness.waitUntil(seconds: 120) {
            let recent = requests().filter { $0.time > Date().timeIntervalSince1970 - window }
            let byPath = Dictionary(grouping: recent, by: \.path).mapValues { Set($0.map(\.agent)) }
            return byPath.count == sources && byPath.values.allSatisfy { $0.count == 1 } && Set(recent.map(\.agent)).count == nodes
        }
    }

    private func writeConfig(node: String, sources: Int, hosts: Int, interval: Int, ttl: Int, rules: [String], hook: String, extra: String) throws -> URL {
        let feedPort = feeds.ports["feeds"] ?? 0, hookPort = receivers.ports["http"] ?? 0
        let entries = (0..<sources).map { "{ id: s\($0), url: \"http://127.0.0.\($0 % hosts + 2):\(feedPort)/s\($0)\" }" }
        let file = scratch.file("\(node).yml")
        try """
            storage: { dir: \(scratch.file("data-\(node)").path) }
            network: { allow_private_networks: true, user_agent: "yuqing-\(node)" }
            defaults: { interval: \(interval)s }
            sources: [ \(entries.joined(separator: ", ")) ]
            topics:
              - { name: 汛情, any: [暴雨, 山洪, 防汛] }
            alerts:
              channels:
                hook: { type: webhook, url: "http://127.0.0.1:\(hookPort)/webhook", secret_env: ROBOT_SECRET\(hook.isEmpty ? "" : ", " + hook) }
              rules:
                - { name: 汛情条目, kind: item, min_score: 1, send: [hook], group_wait: 0s, group_interval: 0s }
            \(rules.map { "    - " + $0 }.joined(separator: "\n"))
            cluster: { dsn_env: YUQING_PG_DSN, node: \(node), lease_ttl: \(ttl)s }
            \(extra)
            """.write(to: file, atomically: true, encoding: .utf8)
        return file
    }
}
