import Foundation
import Testing
import YuqingTesting

/// Three `yuqing run` nodes on one real PostgreSQL, 300 sources on 30 loopback hosts that all
/// carry six syndicated stories (headlines varied as reposts vary them), one item rule to a
/// webhook receiver: every item is stored once, every story is one story, every alert
/// arrives once by idempotency key — and still so after `kill -9` of one node. A spread
/// rule wants 250 sources, more than any node polls: it fires on the cluster's count.
struct ClusterAlertTests {
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

    struct SourceRow: Decodable {
        var health: String
        var node: String?
    }

    @Test(.timeLimit(.minutes(15)))
    func oneStoryAndOneAlertPerEventAcrossNodesAndAfterAKill() async throws {
        let rig = try await ClusterRig("cluster-alerts", hosts: 30, stories: 6)
        defer { rig.stop() }
        rig.logTail = 1200
        let environment = rig.environment
        let spreadRule = "{ name: 汛情扩散, kind: spread, min_sources: 250, within: 1h, send: [hook] }"
        let web = MetricsTests.freePort()
        for name in ["a", "b", "c"] {
            try rig.start(name, sources: 300, hosts: 30, interval: 8, rules: [spreadRule], extra: name == "b" ? "metrics: { listen: \"127.0.0.1:\(web)\", web: true }" : "")
        }

        // Settled first (each source polled by one node, all three polling), then the stories
        // appear everywhere at once: every node sees reposts of each at the same moment.
        let settled = try await rig.settle(sources: 300, nodes: 3, window: 12)
        await rig.require(settled, "not settled")
        rig.publish()
        let published = Date()

        // 300 sources × (one own item + six stories), each stored once; six item alerts and
        // six spread alerts. Within 90 s on an idle machine; the test allows twice that.
        let stored = try await Harness.waitUntil(seconds: 180) {
            guard Set(rig.calls().compactMap(\.key)).count >= 12 else { return false }
            return await rig.polled("SELECT count(*) FROM yuqing_items") == 300 * 7
        }
        print("cluster alerts: 2,100 items stored and 12 alerts delivered \(String(format: "%.1f", Date().timeIntervalSince(published))) s after publishing")
        #expect(stored, "items \(rig.count("SELECT count(*) FROM yuqing_items")), calls \(rig.calls().count)\n\(rig.logs())")
        #expect(await rig.polled("SELECT count(DISTINCT node) FROM yuqing_items") == 3, "all three nodes stored items")
        #expect(await rig.polled("SELECT count(*) FROM yuqing_stories WHERE '汛情' = ANY(topics)") == 6, "six stories: \(rig.rows("SELECT title FROM yuqing_stories"))")
        #expect(await rig.polled("SELECT count(DISTINCT story) FROM yuqing_items WHERE title LIKE '%山洪%'") == 6)
        #expect(await rig.polled("SELECT sum(stories) FROM yuqing_story_counts WHERE topic = '汛情'") == 6)
        // Each node opened the six locally; the two that wrote second joined the first's.
        #expect(await rig.polled("SELECT count(*) FROM yuqing_story_aliases") >= 12)

        // The CLI of any node reads the cluster: a two-character term through the bigram index,
        // the stories as the nodes agreed on them.
        let configA = rig.config("a")
        let found = try await Harness.runCLI(["items", "--config", configA, "--contains", "山洪", "--limit", "5000", "--json"], environment: environment)
        #expect(found.status == 0 && found.output.split(separator: "\n").count == 300 * 6, "\(found.output.suffix(500))")
        let stories = try await Harness.runCLI(["stories", "--config", configA, "--json", "--limit", "6"], environment: environment)
        let spread = stories.output.split(separator: "\n").compactMap { try? JSONDecoder().decode(StorySpread.self, from: Data($0.utf8)) }
        #expect(spread.count == 6 && spread.allSatisfy { $0.sources.count == 300 }, "\(stories.output.suffix(800))")
        let status = try await Harness.runCLI(["cluster", "status", "--config", configA], environment: environment)
        let rows = status.output.split(separator: "\n").filter { $0.contains("秒前") }
        #expect(status.output.contains("待写入条目") && rows.count == 3 && rows.allSatisfy { $0.components(separatedBy: "秒前").count == 4 },
                "each node with its heartbeat, renewal and last write: \(status.output)")
        // A report covers every node's items, not the third node a stored.
        let report = try await Harness.runCLI(["report", "--config", configA, "--since", "24h", "--format", "md", "-o", "-"], environment: environment)
        #expect(report.status == 0 && report.output.contains("本期共监测到 2,100 条信息"), "\(report.output.prefix(800))")
        #expect(!report.output.contains("未抓取"), "each source's health from the node that polled it: \(report.output.suffix(1500))")
        // So does `yuqing sources`: every source, most of them polled by the other two nodes.
        let sourcesCLI = try await Harness.runCLI(["sources", "--config", configA, "--json"], environment: environment)
        let sourceRows = sourcesCLI.output.split(separator: "\n").compactMap { try? JSONDecoder().decode(SourceRow.self, from: Data($0.utf8)) }
        #expect(sourceRows.count == 300 && sourceRows.allSatisfy { $0.health == "ok" }, "\(sourcesCLI.output.prefix(600))")
        let nodes = Set(sourceRows.compactMap(\.node))
        #expect(nodes.isSuperset(of: ["b", "c"]) && nodes.isSubset(of: ["a", "b", "c"]), "\(nodes)")
        let trends = try await Harness.runCLI(["trends", "--config", configA, "--json"], environment: environment)
        let flood = trends.output.split(separator: "\n").compactMap { try? JSONDecoder().decode(TrendRow.self, from: Data($0.utf8)) }.first { $0.topic == "汛情" }
        #expect(flood?.stories == 6 && flood?.items == 300 * 6, "the cluster's counts: \(trends.output.prefix(600))")

        // So does the web view of any node: b stored about a third of the items itself.
        let base = "http://127.0.0.1:\(web)"
        let overview = try await MetricsTests.scrape(base + "/", raw: true)
        #expect(overview.status == 200 && overview.body?.contains("本期共监测到 2,100 条信息") == true, "\(overview.body?.prefix(1500) ?? "")")
        let listed = try await MetricsTests.scrape(base + "/items?q=%E5%B1%B1%E6%B4%AA&limit=1000", raw: true)
        #expect(listed.body?.contains("显示最新 1000 条") == true, "\(listed.body?.prefix(800) ?? "")")
        let decided = try await MetricsTests.scrape(base + "/alerts", raw: true)
        #expect(decided.body?.contains("汛情扩散") == true, "the cluster's alerts, whichever node decided them")
        // And every node's source health, each source from the node that polled it last.
        var health = try await MetricsTests.scrape(base + "/sources", raw: true)
        let allPolled = try await Harness.waitUntil(seconds: 30) {
            health = try await MetricsTests.scrape(base + "/sources", raw: true)
            return health.body?.contains("未抓取") == false
        }
        let page = health.body ?? ""
        #expect(allPolled && page.contains("共 300 个信息源，0 个失败"), "\(page.prefix(1500))")
        #expect(page.contains("本节点为 b") && page.contains("<td>a</td>") && page.contains("<td>c</td>"), "\(page.prefix(3000))")

        // kill -9 one node: the others poll every source within a ttl and two intervals.
        let victim = try #require(rig.nodes["a"])
        kill(victim.process.processIdentifier, SIGKILL)
        let killed = Date().timeIntervalSince1970
        // Polled again within a lease ttl and two intervals of the kill (6 + 16 s) on an idle
        // machine; the test allows twice that, as every other suite shares the two cores.
        let takenOver = try await Harness.waitUntil(seconds: 2 * (6 + 16)) {
            Set(rig.requests().filter { $0.time > killed + 0.5 && $0.agent != "yuqing-a" }.map(\.path)).count == 300
        }
        print("cluster take-over: every source polled again \(String(format: "%.1f", Date().timeIntervalSince1970 - killed)) s after the kill")
        await rig.require(takenOver, "b and c poll all 300 sources after a dies")
        // Another round of every source after the take-over, for late writes or deliveries to show.
        let round = Date().timeIntervalSince1970
        #expect(try await Harness.waitUntil(seconds: 50) {
            guard Set(rig.requests().filter { $0.time > round + 0.5 }.map(\.path)).count == 300 else { return false }
            return await rig.polled("SELECT count(*) FROM yuqing_outbox WHERE delivered IS NULL") == 0
        })
        let keys = rig.calls().compactMap(\.key)
        #expect(keys.count == 12 && Set(keys).count == 12, "each alert once: \(keys)")
        #expect(await rig.polled("SELECT count(*) FROM yuqing_alert_decisions WHERE rule = '汛情扩散'") == 6, "one spread alert per story")
        let counted = """
            SELECT count(*) FROM yuqing_alert_decisions
            WHERE rule = '汛情扩散' AND substring(notification->>'text' from '内 (\\d+) 个信息源转载')::int >= 250
            """
        #expect(await rig.polled(counted) == 6, "each counts the cluster's sources, more than one node polls")
        #expect(rig.calls().allSatisfy { $0.status == 200 })
        #expect(await rig.polled("SELECT count(*) FROM yuqing_items") == 300 * 7)
        #expect(await rig.polled("SELECT count(*) FROM yuqing_outbox WHERE delivered IS NOT NULL") == 12)
        // yuqing alerts on a surviving node lists the cluster's alerts, whoever sent them.
        let alerts = try await Harness.runCLI(["alerts", "--config", rig.config("b"), "--json"], environment: environment)
        let states = alerts.output.split(separator: "\n").compactMap { try? JSONDecoder().decode(AlertRow.self, from: Data($0.utf8)) }
        #expect(states.count == 12 && states.allSatisfy { $0.state == "sent" } && Set(states.map(\.key)) == Set(keys), "\(alerts.output.suffix(600))")
        for name in ["b", "c"] { _ = try await rig.nodes[name]?.terminate() }
    }

    /// PostgreSQL stopped for 60 s while both nodes ingest new stories, then started: every
    /// item reaches the database once, every story is one, every alert arrives once.
    @Test(.timeLimit(.minutes(15)))
    func aMinuteWithoutPostgresLosesAndDoublesNothing() async throws {
        let rig = try await ClusterRig("cluster-outage", hosts: 8, stories: 4)
        defer { rig.stop() }
        let (database, environment) = (try #require(rig.database), rig.environment)
        let metrics = MetricsTests.freePort()
        for name in ["a", "b"] {
            try rig.start(name, sources: 16, hosts: 8, extra: name == "a" ? "metrics: { listen: \"127.0.0.1:\(metrics)\", web: true }" : "")
        }
        let nodes = rig.nodes
        func polled(after time: Double) -> Set<String> { Set(rig.requests().filter { $0.time > time }.map(\.path)) }
        #expect(try await rig.settle(sources: 16, nodes: 2), "\(rig.logs())")
        #expect(try await Harness.waitUntil(seconds: 10) { await rig.polled("SELECT count(*) FROM yuqing_items") == 16 }, "\(rig.logs())")

        try await offPool { database.stop() }
        let stopped = Date()
        #expect(try await Harness.waitUntil(seconds: 20) { nodes.values.allSatisfy { $0.logText.contains("PostgreSQL unreachable") } }, "\(rig.logs())")
        // The stories appear while the database is away; both nodes poll them in.
        let published = Date().timeIntervalSince1970
        rig.publish()
        #expect(try await Harness.waitUntil(seconds: 20) { polled(after: published + 0.5).count == 16 })
        _ = try await Harness.waitUntil(seconds: 60 - Date().timeIntervalSince(stopped)) { rig.calls().count > 0 }
        #expect(rig.calls().isEmpty, "alerts are held while the database is away (the default)")
        let during = try await Harness.runCLI(["sources", "--config", rig.config("a")], environment: environment)
        #expect(during.output.contains("降级运行 degraded") && during.output.contains("待写入"), "\(during.output.prefix(400))")
        #expect(during.output.contains("集群数据库无应答，下表只有本节点的抓取状况"), "\(during.output.prefix(600))")
        let health = try await MetricsTests.scrape("http://127.0.0.1:\(metrics)/healthz", raw: true)
        #expect(health.status == 200 && health.body?.contains("degraded") == true, "\(health.body ?? "")")
        // The web view's 信息源 still opens, with this node's own polls, and says why.
        let sourcesPage = try await MetricsTests.scrape("http://127.0.0.1:\(metrics)/sources", raw: true)
        #expect(sourcesPage.status == 200 && sourcesPage.body?.contains("集群数据库无应答") == true && sourcesPage.body?.contains("共 16 个信息源") == true,
                "\(sourcesPage.body?.prefix(1500) ?? "")")
        try await offPool { try database.start() }

        let caughtUp = try await Harness.waitUntil(seconds: 60) {
            guard Set(rig.calls().compactMap(\.key)).count >= 4 else { return false }
            return await rig.polled("SELECT count(*) FROM yuqing_items") == 16 * 5
        }
        #expect(caughtUp, "items \(rig.count("SELECT count(*) FROM yuqing_items")), calls \(rig.calls().count)\n\(rig.logs())")
        let round = Date().timeIntervalSince1970
        #expect(try await Harness.waitUntil(seconds: 15) {
            guard polled(after: round + 0.5).count == 16 else { return false }
            return await rig.polled("SELECT count(*) FROM yuqing_outbox WHERE delivered IS NULL") == 0
        })
        let keys = rig.calls().compactMap(\.key)
        #expect(keys.count == 4 && Set(keys).count == 4, "each alert once: \(keys)")
        #expect(await rig.polled("SELECT count(*) FROM yuqing_items") == 16 * 5)
        #expect(await rig.polled("SELECT count(*) FROM yuqing_stories WHERE '汛情' = ANY(topics)") == 4)
        #expect(nodes.values.allSatisfy { $0.logText.contains("PostgreSQL answers again") })
        #expect(try await Harness.waitUntil(seconds: 10) {
            (try? await Harness.runCLI(["sources", "--config", rig.config("a")], environment: environment).output.contains("集群节点 a：正常")) == true
        })
        for node in nodes.values { #expect(try await node.terminate() == 0, "a clean stop within 30 s\n\(node.logText.suffix(2000))") }
    }

    /// SIGSTOP a node past its lease while new stories appear, then SIGCONT: the other node
    /// has taken its sources; the stopped node's late writes add nothing twice, and it rejoins.
    @Test(.timeLimit(.minutes(15)))
    func aPausedNodeRejoinsAndItsLateWritesChangeNothing() async throws {
        let rig = try await ClusterRig("cluster-paused", hosts: 8, stories: 4)
        defer { rig.stop() }
        // A 12 s lease (4 s per database round): with 6 s (2 s per round) b did not take a's
        // buckets within the wait twice on 2026-12-06, both times with every suite running
        // (rounds timing out under load is the likely cause; its log was not kept). Users run 30 s.
        let ttl = 12
        for name in ["a", "b"] { try rig.start(name, sources: 16, hosts: 8, ttl: ttl) }
        let nodes = rig.nodes
        #expect(try await rig.settle(sources: 16, nodes: 2), "\(rig.logs())")
        let paused = try #require(nodes["a"])

        // The stories appear and a is stopped at once, likely between a poll and its write.
        rig.publish()
        kill(paused.process.processIdentifier, SIGSTOP)
        let stopped = Date().timeIntervalSince1970
        let takenOver = try await Harness.waitUntil(seconds: Double(ttl) + 4 + 15) {
            Set(rig.requests().filter { $0.time > stopped + 0.5 && $0.agent == "yuqing-b" }.map(\.path)).count == 16
        }
        await rig.require(takenOver, "b polls all 16 sources while a is stopped")
        let storedByB = try await Harness.waitUntil(seconds: 20) { await rig.polled("SELECT count(*) FROM yuqing_items") == 16 * 5 }
        // CI on 09c3916 failed here once (every later check passed, the count reached 80 after
        // a resumed) with no logs kept: they are printed now.
        #expect(storedByB, "items \(rig.count("SELECT count(*) FROM yuqing_items")) of 80 while a is stopped\n\(rig.logs())")
        // Past its lease: a resumes, finds its buckets gone, and rejoins for its share.
        kill(paused.process.processIdentifier, SIGCONT)
        let resumed = Date().timeIntervalSince1970
        let rejoined = try await Harness.waitUntil(seconds: 40) {
            let recent = rig.requests().filter { $0.time > resumed + 8 }
            let byPath = Dictionary(grouping: recent, by: \.path).mapValues { Set($0.map(\.agent)) }
            return Set(recent.map(\.agent)) == ["yuqing-a", "yuqing-b"] && byPath.values.allSatisfy { $0.count == 1 }
        }
        #expect(rejoined, "a polls its share again\n\(rig.logs())")
        #expect(try await Harness.waitUntil(seconds: 15) { await rig.polled("SELECT count(*) FROM yuqing_outbox WHERE delivered IS NULL") == 0 })
        let keys = rig.calls().compactMap(\.key)
        #expect(keys.count == 4 && Set(keys).count == 4, "each alert once: \(keys)")
        #expect(await rig.polled("SELECT count(*) FROM yuqing_items") == 16 * 5)
        #expect(await rig.polled("SELECT count(*) FROM yuqing_stories WHERE '汛情' = ANY(topics)") == 4)
        for node in nodes.values { #expect(try await node.terminate() == 0, "a clean stop within 30 s\n\(node.logText.suffix(2000))") }
    }
}
