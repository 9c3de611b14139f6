import Analysis
import Feeds
import Foundation
import Storage

/// `yuqing-bench --storage DIR [--items 1000000] [--days 30]`: writes N items spread over D
/// days into DIR with group commit (one fsync per batch of 100, as a fetch cycle would),
/// then indexes and compresses the closed segments, and reports throughput, sizes and the
/// time of a 30-day trend query from the indexes.
enum StorageBench {
    static func run(directory: String, items count: Int, days: Int) {
        let words = ["暴雨", "食品安全", "高铁", "医院", "学校", "爆炸", "航班", "疫苗", "洪水", "坍塌", "会议", "部署", "经济", "工作", "通报"]
        let topics = ["汛情灾害", "食品安全", "交通出行", "医疗卫生", "教育民生", "安全生产"]
        let end = Date()
        let start = end.addingTimeInterval(-Double(days) * 86400)
        let step = Double(days) * 86400 / Double(count)
        var generator = SystemRandomNumberGenerator()
        // YUQING_BENCH_NO_FSYNC=1: without the fsync per batch, to compare with stores that
        // do not sync every commit.
        let durable = ProcessInfo.processInfo.environment["YUQING_BENCH_NO_FSYNC"] == nil
        guard let writer = try? SegmentWriter(dataDirectory: directory, durable: durable) else { return print("cannot open \(directory)") }
        let clock = ContinuousClock()
        // The items are made first and only the appends timed: SQLite's side inserts records
        // that exist already, so both measure the store, not the making of items.
        var batches: [(items: [StoredItem], at: Date)] = []
        var batch: [StoredItem] = []
        let makeTime = clock.measure {
            for index in 0..<count {
                let time = start.addingTimeInterval(Double(index) * step)
                let story = index % 3 == 0 ? index : index - index % 3
                let title = (0..<4).map { _ in words.randomElement(using: &generator) ?? "" }.joined() + "第\(story)号"
                let summary = String(repeating: title + "，相关部门已介入调查处理。", count: 4)
                let item = Item(id: "bench-\(index)", sourceID: "site\(index % 40)", url: "https://site\(index % 40).example.cn/\(index)",
                                title: title, summary: summary, published: nil, fetched: time)
                let topic = topics[story % topics.count]
                var scored = ScoredItem(item: item, topics: [TopicScore(topic: topic, score: 40 + story % 60, terms: [words[story % words.count]])],
                                        story: "story-\(story)")
                scored.opensStory = index == story
                scored.fingerprint = UInt64(truncatingIfNeeded: story) &* 0x9E37_79B9_7F4A_7C15
                batch.append(StoredItem(scored))
                if batch.count == 100 || index == count - 1 {
                    batches.append((batch, time))
                    batch = []
                }
            }
        }
        // What the append spends on encoding alone (no write, no sync), to tell it from the disk.
        var encoded = 0
        let encodeTime = clock.measure {
            var bytes: [UInt8] = []
            for (items, _) in batches {
                bytes.removeAll(keepingCapacity: true)
                for item in items {
                    StoredItemEncoder.append(item, to: &bytes)
                    bytes.append(0x0A)
                }
                encoded += bytes.count
            }
        }
        var written = 0
        let appendTime = clock.measure {
            for (items, time) in batches {
                try? writer.append(items, at: time)
                written += items.count
            }
        }
        print(String(format: "made %d items in %.2f s (not timed below)", count, seconds(makeTime)))
        let appendSeconds = seconds(appendTime)
        print(String(format: "append: %d items in %.2f s = %.0f items/s (%@), the appends alone", written, appendSeconds,
                     Double(written) / appendSeconds, durable ? "fdatasync per batch of 100" : "no fsync"))
        print(String(format: "encoding alone: %.2f s = %.0f items/s, %.0f MB/s", seconds(encodeTime), Double(written) / seconds(encodeTime),
                     Double(encoded) / 1e6 / seconds(encodeTime)))
        let rawBytes = directoryBytes(directory + "/items")
        var report = SegmentMaintenance.Report()
        let upkeep = clock.measure { report = (try? SegmentMaintenance.run(dataDirectory: directory, compress: true)) ?? report }
        let packedBytes = directoryBytes(directory + "/items", suffix: ".jsonl.gz") + directoryBytes(directory + "/items", suffix: ".jsonl")
        print(String(format: "index + compress %d closed segments: %.2f s; raw %.1f MB (%.0f B/item), stored %.1f MB (%.0f B/item) = %.1f%% of raw",
                     report.compressed.count, seconds(upkeep), Double(rawBytes) / 1e6, Double(rawBytes) / Double(written),
                     Double(packedBytes) / 1e6, Double(packedBytes) / Double(written), Double(packedBytes) * 100 / Double(rawBytes)))
        // The daemon refreshes the open segment's partial index hourly: add an hour of items
        // after it, which the query reads record by record.
        let hour = count / (days * 24)
        let tail = (0..<hour).map { index -> StoredItem in
            let item = Item(id: "tail-\(index)", sourceID: "site\(index % 40)", url: nil, title: "尾部条目\(index)", summary: "摘要",
                            published: nil, fetched: end.addingTimeInterval(Double(index) * 3600 / Double(max(1, hour))))
            var scored = ScoredItem(item: item, topics: [TopicScore(topic: topics[index % topics.count], score: 50, terms: [])], story: "tail-\(index)")
            scored.opensStory = true
            return StoredItem(scored)
        }
        try? writer.append(tail, at: end)
        var series = TopicSeries()
        let query = clock.measure {
            series = (try? TopicSeries.load(dataDirectory: directory, from: start, to: end.addingTimeInterval(3900))) ?? series
        }
        let total = series.all.values.reduce(0) { $0 + $1[0] }
        print(String(format: "trend query, %d days from indexes: %.0f ms (%d indexed, %d scanned segments; %d items counted)",
                     days, seconds(query) * 1000, series.indexedSegments, series.scannedSegments, total))
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func directoryBytes(_ path: String, suffix: String? = nil) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { suffix.map($0.hasSuffix) ?? ($0.hasSuffix(".jsonl") || $0.hasSuffix(".jsonl.gz")) }.reduce(0) { total, name in
            total + (((try? FileManager.default.attributesOfItem(atPath: path + "/" + name))?[.size] as? Int) ?? 0)
        }
    }
}
