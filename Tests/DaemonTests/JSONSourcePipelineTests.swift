import Foundation
import Logging
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
}
