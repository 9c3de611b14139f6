import Daemon
import Feeds
import Foundation
import Logging
import Storage
import YuqingTesting

/// How late polls start while a closed 64 MiB segment is indexed and compressed: three
/// sources polled every 25 ms through the daemon's `Pipeline` (a scripted transport, so
/// only the pipeline is measured) until the compressed file appears. Prints one JSON line;
/// exits 1 when a poll started more than 50 ms late. Run in a process of its own
/// (`yuqing-bench --poll-lateness DIR`): a test process full of other tests would measure
/// their load, not the pipeline's.
enum PollLateness {
    static func run(directory: String, segmentBytes: Int = 64 << 20) async throws -> Bool {
        let config = try ConfigLoader.parse("""
            storage: { dir: \(directory) }
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
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let pipeline = try Pipeline(config: config, client: transport, logger: logger)
        // Today's segment is the open one …
        await transport.serve(
            config.sources[0].url, body: #"{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{"id":"1","title":"暴雨"}]}"#)
        _ = await pipeline.poll(config.sources[0])
        // … and yesterday's, 64 MiB, is closed: the next upkeep indexes and compresses it.
        let path = try writeSegment(dataDirectory: directory, bytes: segmentBytes)

        let started = ContinuousClock.now
        let compression = Task { await pipeline.applyRetention() }
        var lateness: [Double] = []
        var round = 0
        repeat {
            round += 1
            let planned = started + .milliseconds(25 * round)
            try await Task.sleep(until: planned, clock: .continuous)
            let before = await transport.requests.count
            await withTaskGroup(of: Void.self) { group in
                for source in config.sources { group.addTask { _ = await pipeline.poll(source) } }
            }
            for request in await transport.requests.dropFirst(before) { lateness.append(milliseconds(request.at - planned)) }
        } while !FileManager.default.fileExists(atPath: path + ".gz") && round < 4000
        await compression.value
        let compressed = FileManager.default.fileExists(atPath: path + ".gz")
        let sorted = lateness.sorted()
        let median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        let p99 = sorted.isEmpty ? 0 : sorted[Int(Double(sorted.count - 1) * 0.99)]
        print(String(
            format: #"{"compressed":%@,"seconds":%.2f,"polls":%d,"median_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f}"#,
            compressed ? "true" : "false", milliseconds(ContinuousClock.now - started) / 1000, sorted.count, median, p99, sorted.last ?? 0))
        return compressed && sorted.count >= 30 && (sorted.last ?? .infinity) <= 50
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    /// Writes a plain segment dated yesterday of about `bytes` bytes; returns its path.
    static func writeSegment(dataDirectory: String, bytes: Int) throws -> String {
        let yesterday = Date().addingTimeInterval(-86400)
        var item = ItemFactory.stored("seed", at: yesterday)
        item.summary = String(repeating: "暴雨预警持续发布，各地做好防汛准备。", count: 100)
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
