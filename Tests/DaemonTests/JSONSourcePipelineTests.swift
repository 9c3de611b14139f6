import Alerting
import Foundation
import Logging
import Queries
import Storage
import Testing
import YuqingTesting

@testable import Daemon

/// A `type: json` source through the daemon's pipeline: items stored with their mapped
/// fields; when the API changes shape, the source fails with an error naming the path.
struct JSONSourcePipelineTests {
    @Test func hotListStoredThenAPIChangeNamed() async throws {
        let scratch = try TemporaryDirectory("json-source")
        let config = try ConfigLoader.parse("""
            storage: { dir: \(scratch.path) }
            sources:
              - id: hot
                url: "https://api.example.cn/hot"
                type: json
                items: "$.data.list[*]"
                fields: { title: "$.title", link: "https://www.example.cn/q/{id}", date: "$.ts", hot: "$.heat" }
            topics: [ { name: 汛情, any: [暴雨] } ]
            """, file: "feeds.yml")
        let transport = ScriptedTransport()
        let url = "https://api.example.cn/hot"
        await transport.serve(url, body: #"{"data":{"list":[{"id":7,"title":"暴雨 预警升级","ts":1795000000000,"heat":"300万"},{"id":8,"title":"高铁 停运","ts":1795000100000}]}}"#, contentType: "application/json")
        let pipeline = try Pipeline(config: config, client: transport, logger: Logger(label: "test"))
        _ = await pipeline.poll(config.sources[0])
        var stored: [StoredItem] = []
        try SegmentReader(dataDirectory: scratch.path).forEach { stored.append($0) }
        #expect(stored.map(\.title) == ["暴雨 预警升级", "高铁 停运"])
        #expect(stored.first?.url == "https://www.example.cn/q/7")
        #expect(stored.first?.published == Date(timeIntervalSince1970: 1_795_000_000))
        #expect(stored.first?.topics.first?.topic == "汛情")

        await transport.serve(url, body: #"{"data":{"items":[{"id":9,"title":"新结构"}]}}"#, contentType: "application/json")
        _ = await pipeline.poll(config.sources[0])
        let error = await pipeline.sourceState("hot").lastError ?? ""
        #expect(error.contains("$.data.list[*] selects nothing; $['data'] is an object with keys items"), "\(error)")
    }

    /// Per-source headers, and a visitor cookie fetched first and kept until refused.
    @Test func headersAndVisitorCookie() async throws {
        let scratch = try TemporaryDirectory("cookie")
        let config = try ConfigLoader.parse("""
            storage: { dir: \(scratch.path) }
            sources:
              - id: hot
                url: "https://api.example.cn/hot"
                type: json
                items: "$.list[*]"
                fields: { title: "$.t" }
                headers: { Referer: "https://www.example.cn/", X-Requested-With: XMLHttpRequest }
                cookie_from: "https://www.example.cn/"
            """, file: "feeds.yml")
        let transport = ScriptedTransport()
        await transport.serve("https://www.example.cn/", body: "<html></html>", contentType: "text/html", headers: [
            ("Set-Cookie", "SUB=visitor123; Path=/; HttpOnly"), ("Set-Cookie", "tid=abc; Max-Age=3600"),
        ])
        await transport.serve("https://api.example.cn/hot", body: #"{"list":[{"t":"热搜第一"}]}"#, contentType: "application/json")
        let pipeline = try Pipeline(config: config, client: transport, logger: Logger(label: "test"))
        _ = await pipeline.poll(config.sources[0])
        _ = await pipeline.poll(config.sources[0])
        var requests = await transport.requests
        #expect(requests.map(\.url) == ["https://www.example.cn/", "https://api.example.cn/hot", "https://api.example.cn/hot"], "the cookie is fetched once")
        let api = requests[1].headers
        #expect(api.contains { $0.name == "Cookie" && $0.value == "SUB=visitor123; tid=abc" })
        #expect(api.contains { $0.name == "Referer" && $0.value == "https://www.example.cn/" })
        #expect(requests[0].headers.contains { $0.name == "Referer" }, "the visit carries the source's headers too")

        // Refused: the cookie is forgotten and fetched again on the next poll.
        await transport.serve("https://api.example.cn/hot", body: "", contentType: "text/plain", status: 403)
        _ = await pipeline.poll(config.sources[0])
        _ = await pipeline.poll(config.sources[0])
        requests = await transport.requests
        #expect(requests.map(\.url).filter { $0 == "https://www.example.cn/" }.count == 2)
    }

    @Test func headerInjectionIsRefusedWhenRead() {
        #expect(throws: ConfigErrors.self) {
            _ = try ConfigLoader.parse("""
                sources: [ { id: a, url: "https://a.cn/rss", headers: { X-A: "ok\\r\\nBcc: x" } } ]
                """, file: "t.yml")
        }
    }

    /// A hot list polled twice: the rank history holds both polls, `yuqing hot`'s query shows
    /// the movement, and a `hot` rule announces the topic's entry once.
    @Test func rankHistoryAndHotRule() async throws {
        let scratch = try TemporaryDirectory("hot")
        let config = try ConfigLoader.parse("""
            storage: { dir: \(scratch.path) }
            sources:
              - { id: weibo, url: "https://api.example.cn/hot", type: json, items: "$.list[*]", fields: { title: "$.t", hot: "$.h", id: "$.k" } }
            topics: [ { name: 汛情, any: [暴雨] } ]
            alerts:
              channels: { hook: { type: webhook, url: "https://hooks.example.cn/x" } }
              rules: [ { name: 上榜, kind: hot, topics: [汛情], send: [hook] } ]
            """, file: "feeds.yml")
        let transport = ScriptedTransport()
        let url = "https://api.example.cn/hot"
        await transport.serve(url, body: #"{"list":[{"k":"a","t":"明星八卦","h":"300万"},{"k":"b","t":"多地暴雨 学校停课","h":"120万"}]}"#, contentType: "application/json")
        let pipeline = try Pipeline(config: config, client: transport, logger: Logger(label: "test"))
        _ = await pipeline.poll(config.sources[0])
        await transport.serve(url, body: #"{"list":[{"k":"b","t":"多地暴雨 学校停课","h":"500万"},{"k":"a","t":"明星八卦","h":"280万"},{"k":"c","t":"新上榜"}]}"#, contentType: "application/json")
        _ = await pipeline.poll(config.sources[0])

        let history = try HotListLog(dataDirectory: scratch.path).snapshots(since: .distantPast)
        #expect(history.map(\.entries.count) == [2, 3])
        let lists = try HotQuery(since: .distantPast).run(dataDirectory: scratch.path)
        #expect(lists.first?.rows.map(\.title) == ["多地暴雨 学校停课", "明星八卦", "新上榜"])
        #expect(lists.first?.rows.map(\.change) == [1, -1, nil])
        #expect(lists.first?.rows.first?.hot == 5_000_000)
        let outbox = try Outbox.stored(dataDirectory: scratch.path).pending
        #expect(outbox.map(\.title) == ["【上榜】上榜 weibo 第2名：多地暴雨 学校停课"], "once, on entering")
    }
}
