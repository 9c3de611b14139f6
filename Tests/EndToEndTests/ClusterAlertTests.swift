import Foundation
import Testing
import YuqingTesting

/// Three `yuqing run` nodes on one real PostgreSQL, 300 sources on 30 loopback hosts that all
/// carry six syndicated stories (headlines varied as reposts vary them), one item rule to a
/// webhook receiver: every item is stored once, every story is one story, every alert
/// arrives once by idempotency key — and still so after `kill -9` of one node.
struct ClusterAlertTests {
    static let secret = "SEC-cluster-secret"

    struct Call: Decodable {
        var path: String
        var status: Int
        var key: String?
    }

    struct TrendRow: Decodable {
        var topic: String
        var stories: Int
        var items: Int
    }

    struct AlertRow: Decodable {
        var state: String
        var key: String
    }

    struct StorySpread: Decodable {
        var sources: [String]
    }

    struct Request: Decodable {
        var path: String
        var agent: String
        var time: Double
    }

    private func requests(_ feeds: PythonServer) -> [Request] {
        let text = (try? String(contentsOf: feeds.stateDirectory.appendingPathComponent("requests.jsonl"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }

    /// Waits until, over the last `window` seconds, each of `sources` was polled by one node
    /// only and `nodes` nodes polled.
    private func settle(_ feeds: PythonServer, sources: Int, nodes: Int, window: Double = 4) async throws -> Bool {
        try await Harness.waitUntil(seconds: 60) {
            let recent = requests(feeds).filter { $0.time > Date().timeIntervalSince1970 - window }
            let byPath = Dictionary(grouping: recent, by: \.path).mapValues { Set($0.map(\.agent)) }
            return byPath.count == sources && byPath.values.allSatisfy { $0.count == 1 } && Set(recent.map(\.agent)).count == nodes
        }
    }

    private func writeConfig(
        _ scratch: TemporaryDirectory, node: String, feeds: Int, hook: Int, sources: Int, hosts: Int, interval: Int = 2, extra: String = ""
    ) throws -> URL {
        let entries = (0..<sources).map { "{ id: s\($0), url: \"http://127.0.0.\($0 % hosts + 2):\(feeds)/s\($0)\" }" }
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
                hook: { type: webhook, url: "http://127.0.0.1:\(hook)/webhook", secret_env: ROBOT_SECRET }
              rules:
                - { name: 汛情条目, kind: item, min_score: 1, send: [hook], group_wait: 0s, group_interval: 0s }
            cluster: { dsn_env: YUQING_PG_DSN, node: \(node), lease_ttl: 6s }
            \(extra)
            """.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test(.timeLimit(.minutes(4)))
    func oneStoryAndOneAlertPerEventAcrossNodesAndAfterAKill() async throws {
        let database = try PostgresServer()
        let scratch = try TemporaryDirectory("cluster-alerts")
        let feeds = try await PythonServer(script: "many_hosts.py", directory: scratch.url.appendingPathComponent("feeds"), arguments: ["--hosts", "30", "--stories", "6"])
        defer { feeds.stop() }
        let receivers = try await PythonServer(script: "alert_receivers.py", directory: scratch.url.appendingPathComponent("hooks"), arguments: ["--secret", Self.secret])
        defer { receivers.stop() }
        let feedPort = try #require(feeds.ports["feeds"]), hookPort = try #require(receivers.ports["http"])
        let environment = ["YUQING_PG_DSN": database.dsn, "ROBOT_SECRET": Self.secret]
        var nodes: [String: Daemon] = [:]
        for name in ["a", "b", "c"] {
            let file = try writeConfig(scratch, node: name, feeds: feedPort, hook: hookPort, sources: 300, hosts: 30, interval: 8)
            nodes[name] = try Daemon(config: file, environment: environment, log: scratch.file("\(name).log"))
        }
        defer { for node in nodes.values where node.process.isRunning { kill(node.process.processIdentifier, SIGKILL) } }
        func logs() -> String { nodes.map { "\($0.key): \($0.value.logText.suffix(1200))" }.joined(separator: "\n") }
        func calls() -> [Call] { ((try? receivers.read([Call].self, from: "calls.json")) ?? []).filter { $0.path == "/webhook" } }
        func count(_ sql: String) -> Int { (try? database.query(sql)).flatMap { $0.first.flatMap { Int($0) } } ?? -1 }

        // Settled first (each source polled by one node, all three polling), then the stories
        // appear everywhere at once: every node sees reposts of each at the same moment.
        let settled = try await settle(feeds, sources: 300, nodes: 3, window: 12)
        #expect(settled, "\(logs())")
        FileManager.default.createFile(atPath: feeds.stateDirectory.appendingPathComponent("publish").path, contents: Data())

        // 300 sources × (one own item + six stories), each stored once; six alerts.
        let stored = try await Harness.waitUntil(seconds: 90) {
            count("SELECT count(*) FROM yuqing_items") == 300 * 7 && Set(calls().compactMap(\.key)).count >= 6
        }
        #expect(stored, "items \(count("SELECT count(*) FROM yuqing_items")), calls \(calls().count)\n\(logs())")
        #expect(count("SELECT count(DISTINCT node) FROM yuqing_items") == 3, "all three nodes stored items")
        #expect(count("SELECT count(*) FROM yuqing_stories WHERE '汛情' = ANY(topics)") == 6, "six stories: \((try? database.query("SELECT title FROM yuqing_stories")) ?? [])")
        #expect(count("SELECT count(DISTINCT story) FROM yuqing_items WHERE title LIKE '%山洪%'") == 6)
        #expect(count("SELECT sum(stories) FROM yuqing_story_counts WHERE topic = '汛情'") == 6)
        // Each node opened the six locally; the two that wrote second joined the first's.
        #expect(count("SELECT count(*) FROM yuqing_story_aliases") >= 12)

        // The CLI of any node reads the cluster: a two-character term through the bigram index,
        // the stories as the nodes agreed on them.
        let configA = scratch.file("a.yml").path
        let found = try Harness.runCLI(["items", "--config", configA, "--contains", "山洪", "--limit", "5000", "--json"], environment: environment)
        #expect(found.status == 0 && found.output.split(separator: "\n").count == 300 * 6, "\(found.output.suffix(500))")
        let stories = try Harness.runCLI(["stories", "--config", configA, "--json", "--limit", "6"], environment: environment)
        let spread = stories.output.split(separator: "\n").compactMap { try? JSONDecoder().decode(StorySpread.self, from: Data($0.utf8)) }
        #expect(spread.count == 6 && spread.allSatisfy { $0.sources.count == 300 }, "\(stories.output.suffix(800))")
        let status = try Harness.runCLI(["cluster", "status", "--config", configA], environment: environment)
        let rows = status.output.split(separator: "\n").filter { $0.contains("秒前") }
        #expect(status.output.contains("待写入条目") && rows.count == 3 && rows.allSatisfy { $0.components(separatedBy: "秒前").count == 4 },
                "each node with its heartbeat, renewal and last write: \(status.output)")
        let trends = try Harness.runCLI(["trends", "--config", configA, "--json"], environment: environment)
        let flood = trends.output.split(separator: "\n").compactMap { try? JSONDecoder().decode(TrendRow.self, from: Data($0.utf8)) }.first { $0.topic == "汛情" }
        #expect(flood?.stories == 6 && flood?.items == 300 * 6, "the cluster's counts: \(trends.output.prefix(600))")

        // kill -9 one node: the others poll every source within a ttl and two intervals.
        let victim = try #require(nodes["a"])
        kill(victim.process.processIdentifier, SIGKILL)
        let killed = Date().timeIntervalSince1970
        // Polled again within a lease ttl and two intervals of the kill.
        let takenOver = try await Harness.waitUntil(seconds: 6 + 16) {
            Set(requests(feeds).filter { $0.time > killed + 0.5 && $0.agent != "yuqing-a" }.map(\.path)).count == 300
        }
        #expect(takenOver, "b and c poll all 300 sources after a dies\n\(logs())")
        // Another round of every source after the take-over, for late writes or deliveries to show.
        let round = Date().timeIntervalSince1970
        #expect(try await Harness.waitUntil(seconds: 25) {
            Set(requests(feeds).filter { $0.time > round + 0.5 }.map(\.path)).count == 300
                && count("SELECT count(*) FROM yuqing_outbox WHERE delivered IS NULL") == 0
        })
        let keys = calls().compactMap(\.key)
        #expect(keys.count == 6 && Set(keys).count == 6, "each alert once: \(keys)")
        #expect(calls().allSatisfy { $0.status == 200 })
        #expect(count("SELECT count(*) FROM yuqing_items") == 300 * 7)
        #expect(count("SELECT count(*) FROM yuqing_outbox WHERE delivered IS NOT NULL") == 6)
        // yuqing alerts on a surviving node lists the cluster's alerts, whoever sent them.
        let alerts = try Harness.runCLI(["alerts", "--config", scratch.file("b.yml").path, "--json"], environment: environment)
        let states = alerts.output.split(separator: "\n").compactMap { try? JSONDecoder().decode(AlertRow.self, from: Data($0.utf8)) }
        #expect(states.count == 6 && states.allSatisfy { $0.state == "sent" } && Set(states.map(\.key)) == Set(keys), "\(alerts.output.suffix(600))")
        for name in ["b", "c"] { _ = try await nodes[name]?.terminate() }
    }

    /// PostgreSQL stopped for 60 s while both nodes ingest new stories, then started: every
    /// item reaches the database once, every story is one, every alert arrives once.
    @Test(.timeLimit(.minutes(4)))
    func aMinuteWithoutPostgresLosesAndDoublesNothing() async throws {
        let database = try PostgresServer()
        let scratch = try TemporaryDirectory("cluster-outage")
        let feeds = try await PythonServer(script: "many_hosts.py", directory: scratch.url.appendingPathComponent("feeds"), arguments: ["--hosts", "8", "--stories", "4"])
        defer { feeds.stop() }
        let receivers = try await PythonServer(script: "alert_receivers.py", directory: scratch.url.appendingPathComponent("hooks"), arguments: ["--secret", Self.secret])
        defer { receivers.stop() }
        let feedPort = try #require(feeds.ports["feeds"]), hookPort = try #require(receivers.ports["http"])
        let environment = ["YUQING_PG_DSN": database.dsn, "ROBOT_SECRET": Self.secret]
        var nodes: [String: Daemon] = [:]
        let metrics = MetricsTests.freePort()
        for name in ["a", "b"] {
            let extra = name == "a" ? "metrics: { listen: \"127.0.0.1:\(metrics)\" }" : ""
            let file = try writeConfig(scratch, node: name, feeds: feedPort, hook: hookPort, sources: 16, hosts: 8, extra: extra)
            nodes[name] = try Daemon(config: file, environment: environment, log: scratch.file("\(name).log"))
        }
        defer { for node in nodes.values where node.process.isRunning { kill(node.process.processIdentifier, SIGKILL) } }
        func logs() -> String { nodes.map { "\($0.key): \($0.value.logText.suffix(1500))" }.joined(separator: "\n") }
        func calls() -> [Call] { ((try? receivers.read([Call].self, from: "calls.json")) ?? []).filter { $0.path == "/webhook" } }
        func count(_ sql: String) -> Int { (try? database.query(sql)).flatMap { $0.first.flatMap { Int($0) } } ?? -1 }
        func polled(after time: Double) -> Set<String> { Set(requests(feeds).filter { $0.time > time }.map(\.path)) }
        #expect(try await settle(feeds, sources: 16, nodes: 2), "\(logs())")
        #expect(try await Harness.waitUntil(seconds: 10) { count("SELECT count(*) FROM yuqing_items") == 16 }, "\(logs())")

        database.stop()
        let stopped = Date()
        #expect(try await Harness.waitUntil(seconds: 20) { nodes.values.allSatisfy { $0.logText.contains("PostgreSQL unreachable") } }, "\(logs())")
        // The stories appear while the database is away; both nodes poll them in.
        let published = Date().timeIntervalSince1970
        FileManager.default.createFile(atPath: feeds.stateDirectory.appendingPathComponent("publish").path, contents: Data())
        #expect(try await Harness.waitUntil(seconds: 20) { polled(after: published + 0.5).count == 16 })
        _ = try await Harness.waitUntil(seconds: 60 - Date().timeIntervalSince(stopped)) { calls().count > 0 }
        #expect(calls().isEmpty, "alerts are held while the database is away (the default)")
        let during = try Harness.runCLI(["sources", "--config", scratch.file("a.yml").path], environment: environment)
        #expect(during.output.contains("降级运行 degraded") && during.output.contains("待写入"), "\(during.output.prefix(400))")
        let health = try MetricsTests.scrape("http://127.0.0.1:\(metrics)/healthz", raw: true)
        #expect(health.status == 200 && health.body?.contains("degraded") == true, "\(health.body ?? "")")
        try database.start()

        let caughtUp = try await Harness.waitUntil(seconds: 60) {
            count("SELECT count(*) FROM yuqing_items") == 16 * 5 && Set(calls().compactMap(\.key)).count >= 4
        }
        #expect(caughtUp, "items \(count("SELECT count(*) FROM yuqing_items")), calls \(calls().count)\n\(logs())")
        let round = Date().timeIntervalSince1970
        #expect(try await Harness.waitUntil(seconds: 15) {
            polled(after: round + 0.5).count == 16 && count("SELECT count(*) FROM yuqing_outbox WHERE delivered IS NULL") == 0
        })
        let keys = calls().compactMap(\.key)
        #expect(keys.count == 4 && Set(keys).count == 4, "each alert once: \(keys)")
        #expect(count("SELECT count(*) FROM yuqing_items") == 16 * 5)
        #expect(count("SELECT count(*) FROM yuqing_stories WHERE '汛情' = ANY(topics)") == 4)
        #expect(nodes.values.allSatisfy { $0.logText.contains("PostgreSQL answers again") })
        #expect(try await Harness.waitUntil(seconds: 10) {
            (try? Harness.runCLI(["sources", "--config", scratch.file("a.yml").path], environment: environment).output.contains("集群节点 a：正常")) == true
        })
        for node in nodes.values { #expect(try await node.terminate() == 0) }
    }

    /// SIGSTOP a node past its lease while new stories appear, then SIGCONT: the other node
    /// has taken its sources; the stopped node's late writes add nothing twice, and it rejoins.
    @Test(.timeLimit(.minutes(4)))
    func aPausedNodeRejoinsAndItsLateWritesChangeNothing() async throws {
        let database = try PostgresServer()
        let scratch = try TemporaryDirectory("cluster-paused")
        let feeds = try await PythonServer(script: "many_hosts.py", directory: scratch.url.appendingPathComponent("feeds"), arguments: ["--hosts", "8", "--stories", "4"])
        defer { feeds.stop() }
        let receivers = try await PythonServer(script: "alert_receivers.py", directory: scratch.url.appendingPathComponent("hooks"), arguments: ["--secret", Self.secret])
        defer { receivers.stop() }
        let feedPort = try #require(feeds.ports["feeds"]), hookPort = try #require(receivers.ports["http"])
        let environment = ["YUQING_PG_DSN": database.dsn, "ROBOT_SECRET": Self.secret]
        var nodes: [String: Daemon] = [:]
        for name in ["a", "b"] {
            let file = try writeConfig(scratch, node: name, feeds: feedPort, hook: hookPort, sources: 16, hosts: 8)
            nodes[name] = try Daemon(config: file, environment: environment, log: scratch.file("\(name).log"))
        }
        defer { for node in nodes.values where node.process.isRunning { kill(node.process.processIdentifier, SIGKILL) } }
        func logs() -> String { nodes.map { "\($0.key): \($0.value.logText.suffix(1500))" }.joined(separator: "\n") }
        func calls() -> [Call] { ((try? receivers.read([Call].self, from: "calls.json")) ?? []).filter { $0.path == "/webhook" } }
        func count(_ sql: String) -> Int { (try? database.query(sql)).flatMap { $0.first.flatMap { Int($0) } } ?? -1 }
        #expect(try await settle(feeds, sources: 16, nodes: 2), "\(logs())")
        let paused = try #require(nodes["a"])

        // The stories appear and a is stopped at once, likely between a poll and its write.
        FileManager.default.createFile(atPath: feeds.stateDirectory.appendingPathComponent("publish").path, contents: Data())
        kill(paused.process.processIdentifier, SIGSTOP)
        let stopped = Date().timeIntervalSince1970
        let takenOver = try await Harness.waitUntil(seconds: 6 + 4 + 15) {
            Set(requests(feeds).filter { $0.time > stopped + 0.5 && $0.agent == "yuqing-b" }.map(\.path)).count == 16
        }
        #expect(takenOver, "b polls all 16 sources while a is stopped\n\(logs())")
        #expect(try await Harness.waitUntil(seconds: 20) { count("SELECT count(*) FROM yuqing_items") == 16 * 5 })
        // Past its lease: a resumes, finds its buckets gone, and rejoins for its share.
        kill(paused.process.processIdentifier, SIGCONT)
        let resumed = Date().timeIntervalSince1970
        let rejoined = try await Harness.waitUntil(seconds: 40) {
            let recent = requests(feeds).filter { $0.time > resumed + 8 }
            let byPath = Dictionary(grouping: recent, by: \.path).mapValues { Set($0.map(\.agent)) }
            return Set(recent.map(\.agent)) == ["yuqing-a", "yuqing-b"] && byPath.values.allSatisfy { $0.count == 1 }
        }
        #expect(rejoined, "a polls its share again\n\(logs())")
        #expect(try await Harness.waitUntil(seconds: 15) { count("SELECT count(*) FROM yuqing_outbox WHERE delivered IS NULL") == 0 })
        let keys = calls().compactMap(\.key)
        #expect(keys.count == 4 && Set(keys).count == 4, "each alert once: \(keys)")
        #expect(count("SELECT count(*) FROM yuqing_items") == 16 * 5)
        #expect(count("SELECT count(*) FROM yuqing_stories WHERE '汛情' = ANY(topics)") == 4)
        for node in nodes.values { #expect(try await node.terminate() == 0) }
    }
}
