import Foundation
import Testing
import YuqingTesting

/// Two `yuqing run` nodes on one real PostgreSQL share 24 sources on 12 loopback hosts
/// (127.0.0.2–13): once settled, every source is polled by one node only; after `kill -9`
/// of one node the other polls every source within a lease ttl and two intervals.
struct ClusterDaemonTests {
    struct Request: Decodable {
        var host: String
        var path: String
        var agent: String
        var time: Double
    }

    private func requests(_ server: PythonServer) -> [Request] {
        let text = (try? String(contentsOf: server.stateDirectory.appendingPathComponent("requests.jsonl"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }

    /// A node's configuration: `sources` feeds on the many-hosts server, polled every 2 s,
    /// with the node's own User-Agent, in a cluster with a 6 s lease.
    private func writeConfig(_ scratch: TemporaryDirectory, node: String, port: Int, sources: Int, hosts: Int) throws -> URL {
        let entries = (0..<sources).map { "{ id: s\($0), url: \"http://127.0.0.\($0 % hosts + 2):\(port)/s\($0)\" }" }
        let file = scratch.file("\(node).yml")
        try """
            storage: { dir: \(scratch.file("data-\(node)").path) }
            network: { allow_private_networks: true, user_agent: "yuqing-\(node)" }
            defaults: { interval: 2s }
            sources: [ \(entries.joined(separator: ", ")) ]
            cluster: { dsn_env: YUQING_PG_DSN, node: \(node), lease_ttl: 6s }
            """.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test(.timeLimit(.minutes(15)))
    func nodesSplitTheSourcesAndTheSurvivorTakesAll() async throws {
        await TestGate.heavy.enter()
        defer { Task { await TestGate.heavy.leave() } }
        let database = try await offPool { try PostgresServer() }
        let scratch = try TemporaryDirectory("cluster-daemons")
        let server = try await PythonServer(script: "many_hosts.py", directory: scratch.url, arguments: ["--hosts", "12"])
        defer { server.stop() }
        let port = try #require(server.ports["feeds"])
        func config(_ node: String) throws -> URL { try writeConfig(scratch, node: node, port: port, sources: 24, hosts: 12) }
        let environment = ["YUQING_PG_DSN": database.dsn]
        let a = try Daemon(config: try config("a"), environment: environment, log: scratch.file("a.log"))
        let b = try Daemon(config: try config("b"), environment: environment, log: scratch.file("b.log"))
        defer {
            if a.process.isRunning { kill(a.process.processIdentifier, SIGKILL) }
            if b.process.isRunning { kill(b.process.processIdentifier, SIGKILL) }
        }

        // Settled: over a window after both have rebalanced, no source is polled by both.
        let settled = try await Harness.waitUntil(seconds: 60) {
            let since = Date().timeIntervalSince1970 - 6
            let recent = requests(server).filter { $0.time > since }
            let byPath = Dictionary(grouping: recent, by: \.path).mapValues { Set($0.map(\.agent)) }
            // Both nodes poll (the 12 hosts' buckets fall on both halves), none a source twice.
            return byPath.count == 24 && byPath.values.allSatisfy { $0.count == 1 } && Set(recent.map(\.agent)).count == 2
        }
        #expect(settled, "every source polled by exactly one node: \(a.logText.suffix(1500)) \(b.logText.suffix(1500))")

        // kill -9 one node: within a ttl and two intervals (6 + 4 + 10 s on an idle machine)
        // the other polls every source; the test allows twice that, as every other suite
        // shares the two cores.
        kill(a.process.processIdentifier, SIGKILL)
        let killed = Date().timeIntervalSince1970
        let takenOver = try await Harness.waitUntil(seconds: 2 * (6 + 4 + 10)) {
            let after = requests(server).filter { $0.time > killed + 0.5 && $0.agent == "yuqing-b" }
            return Set(after.map(\.path)).count == 24
        }
        print("two-node take-over: every source polled again \(String(format: "%.1f", Date().timeIntervalSince1970 - killed)) s after the kill")
        #expect(takenOver, "node b polls all 24 sources after a dies: \(b.logText.suffix(2000))")
        let status = try await Harness.runCLI(["cluster", "status", "--config", try config("b").path], environment: environment)
        #expect(status.output.contains("b") && status.output.contains("1024"), "\(status.output)")
        _ = try await b.terminate()
    }

    /// PostgreSQL stopped while a node polls: it keeps polling the buckets it held, says so
    /// once, and says when the database answers again.
    @Test(.timeLimit(.minutes(15)))
    func aNodeKeepsPollingWhilePostgresIsAway() async throws {
        await TestGate.heavy.enter()
        defer { Task { await TestGate.heavy.leave() } }
        let database = try await offPool { try PostgresServer() }
        let scratch = try TemporaryDirectory("cluster-degraded")
        let server = try await PythonServer(script: "many_hosts.py", directory: scratch.url, arguments: ["--hosts", "4"])
        defer { server.stop() }
        let port = try #require(server.ports["feeds"])
        let file = try writeConfig(scratch, node: "solo", port: port, sources: 8, hosts: 4)
        let node = try Daemon(config: file, environment: ["YUQING_PG_DSN": database.dsn], log: scratch.file("node.log"))
        defer { if node.process.isRunning { kill(node.process.processIdentifier, SIGKILL) } }
        #expect(try await Harness.waitUntil(seconds: 30) { Set(requests(server).map(\.path)).count == 8 }, "\(node.logText.suffix(1500))")

        try await offPool { database.stop() }
        let stopped = Date().timeIntervalSince1970
        #expect(try await Harness.waitUntil(seconds: 20) { node.logText.contains("PostgreSQL unreachable") }, "\(node.logText.suffix(1500))")
        let polledDuring = try await Harness.waitUntil(seconds: 20) {
            Set(requests(server).filter { $0.time > stopped + 8 }.map(\.path)).count == 8
        }
        #expect(polledDuring, "every source still polled with the database away")
        try await offPool { try database.start() }
        // Back within a few rounds of a third of the ttl (2 s): a fresh pool each failing
        // round, not postgres-nio's backoff, which grows towards a minute over an outage.
        #expect(try await Harness.waitUntil(seconds: 10) { node.logText.contains("PostgreSQL answers again") }, "\(node.logText.suffix(1500))")
        #expect(node.logText.components(separatedBy: "PostgreSQL unreachable").count == 2, "said once per outage")
        // A stop with the database away again still ends cleanly (giving buckets back is bounded).
        try await offPool { database.stop() }
        #expect(try await node.terminate() == 0, "\(node.logText.suffix(1000))")
    }
}
