import Alerting
import Analysis
import Feeds
import Foundation
import Logging
import Storage
import Testing
import YuqingTesting
import Transport

@testable import Daemon

struct CrashRecoveryTests {
    @Test func itemsStoredBeforeACrashGetTheirAlertsQueued() async throws {
        let scratch = try TemporaryDirectory("crash")
        let data = scratch.path
        let config = try ConfigLoader.parse("""
            storage: { dir: \(data) }
            sources: [ { id: src, url: "https://a.cn/rss" } ]
            topics: [ { name: 汛情, any: [暴雨] } ]
            alerts:
              channels: { hook: { type: webhook, url: "https://hooks.example.cn/x" } }
              rules: [ { name: 高相关, min_score: 60, send: [hook] } ]
            """, file: "t.yml")
        // The state of a daemon killed right after the segment fsync: an item on disk, no
        // state file, no outbox.
        let item = Item(id: "src-1", sourceID: "src", url: nil, title: "暴雨预警", summary: "", published: nil, fetched: Date())
        let scored = ScoredItem(item: item, scorer: TopicScorer(topics: config.topics))
        try SegmentWriter(dataDirectory: data).append([StoredItem(scored)], at: Date())

        let client = try HTTPClient()
        defer { client.shutdown() }
        var pipeline: Pipeline? = try Pipeline(config: config, client: client, logger: Logger(label: "test"))
        await pipeline?.recoverAfterCrash()
        let outbox = try StateFile<[Alerting.Notification]>(path: data + "/state/outbox.json").load()
        #expect(outbox?.count == 1)
        #expect(outbox?.first?.fields["item_id"] == "src-1")
        let states = try StateFile<[String: SourceState]>(path: data + "/state/sources.json").load()
        #expect(states?["src"]?.seen == ["src-1"])

        // A second daemon on the same directory is refused while the first runs …
        #expect(throws: DataDirectoryLock.Busy.self) { _ = try Pipeline(config: config, client: client, logger: Logger(label: "test")) }
        pipeline = nil
        // … and once it has stopped, a second start finds nothing to recover.
        let again = try Pipeline(config: config, client: client, logger: Logger(label: "test"))
        await again.recoverAfterCrash()
        #expect(try StateFile<[Alerting.Notification]>(path: data + "/state/outbox.json").load()?.count == 1)
    }
}
