import Analysis
import Feeds
import Foundation
import Logging
import Storage
import Testing
import YuqingTesting

@testable import Daemon

/// Blocking work stays off the threads that start polls: while a closed 64 MiB segment is
/// indexed and compressed, polls planned every 25 ms start at most 50 ms late.
struct CompressionLatenessTests {
    @Test func pollsStartOnTimeWhileASegmentCompresses() async throws {
        let scratch = try TemporaryDirectory("lateness")
        let data = scratch.path
        let config = try ConfigLoader.parse("""
            storage: { dir: \(data) }
            sources:
              - { id: a, url: "https://a.example.cn/feed.json" }
              - { id: b, url: "https://b.example.cn/feed.json" }
              - { id: c, url: "https://c.example.cn/feed.json" }
            topics: [ { name: 汛情, any: [暴雨] } ]
            """, file: "feeds.yml")
        let transport = ScriptedTransport()
        for source in config.sources {
            await transport.serve(source.url, body: #"{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[]}"#)
        }
        let pipeline = try Pipeline(config: config, client: transport, logger: Logger(label: "test"))
        // Today's segment is the open one …
        await transport.serve(
            config.sources[0].url, body: #"{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{"id":"1","title":"暴雨"}]}"#)
        _ = await pipeline.poll(config.sources[0])
        // … and yesterday's, 64 MiB, is closed: the next upkeep indexes and compresses it.
        let path = try Self.writeSegment(dataDirectory: data, bytes: 64 << 20)

        let compression = Task { await pipeline.applyRetention() }
        var lateness: [Double] = []
        let origin = ContinuousClock.now
        var round = 0
        repeat {
            round += 1
            let planned = origin + .milliseconds(25 * round)
            try await Task.sleep(until: planned, clock: .continuous)
            let before = await transport.requests.count
            await withTaskGroup(of: Void.self) { group in
                for source in config.sources { group.addTask { _ = await pipeline.poll(source) } }
            }
            for request in await transport.requests.dropFirst(before) {
                let late = request.at - planned
                lateness.append(Double(late.components.seconds) * 1000 + Double(late.components.attoseconds) / 1e15)
            }
        } while !FileManager.default.fileExists(atPath: path + ".gz") && round < 2000
        await compression.value
        let sorted = lateness.sorted()
        let median = sorted[sorted.count / 2], p99 = sorted[Int(Double(sorted.count - 1) * 0.99)]
        print(String(format: "poll lateness while compressing 64 MiB: %d polls, median %.2f ms, p99 %.2f ms, max %.2f ms", sorted.count, median, p99, sorted.last ?? 0))
        #expect(FileManager.default.fileExists(atPath: path + ".gz"), "the segment was compressed")
        #expect(sorted.count >= 30, "polls ran during the compression: \(sorted.count)")
        #expect((sorted.last ?? .infinity) <= 50, "the latest poll started \(sorted.last ?? 0) ms late")
    }

    /// Writes a plain segment dated yesterday of about `bytes` bytes; returns its path.
    static func writeSegment(dataDirectory: String, bytes: Int) throws -> String {
        let yesterday = Date().addingTimeInterval(-86400)
        let summary = String(repeating: "暴雨预警持续发布，各地做好防汛准备。", count: 100)
        var item = ItemFactory.stored("seed", at: yesterday)
        item.summary = summary
        let line = Array(try RecordCoding.encoder().encode(item)) + [0x0A]
        let path = dataDirectory + "/items/" + SegmentName.name(day: yesterday, sequence: 1)
        try FileManager.default.createDirectory(atPath: dataDirectory + "/items", withIntermediateDirectories: true)
        var chunk: [UInt8] = []
        chunk.reserveCapacity(bytes + line.count)
        while chunk.count < bytes { chunk += line }
        try Data(chunk).write(to: URL(fileURLWithPath: path))
        return path
    }
}
