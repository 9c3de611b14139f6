import Feeds
import Foundation

/// Parsing a large JSON source: time and peak memory for one document through the JSON
/// source path (decode, JSONPath, mapping). `yuqing-bench --json FILE [ITEMS-PATH]`.
enum JSONParseBench {
    static func run(_ path: String, items: String) {
        guard let data = FileManager.default.contents(atPath: path) else {
            print("cannot read \(path)")
            return
        }
        let before = cpuSeconds().peakKiB
        let start = ContinuousClock.now
        do {
            let rules = JSONListRules(
                items: try JSONPath(items), title: try JSONField("$.title"), link: try JSONField("$.url"),
                summary: try JSONField("$.summary"), date: try JSONField("$.time"), hot: try JSONField("$.hot"))
            let feed = try FeedParser(dates: FeedDateParser(now: Date())).parseJSONList(
                [UInt8](data), contentType: "application/json", baseURL: "https://a.example.cn/", rules: rules)
            let elapsed = start.duration(to: .now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let peak = cpuSeconds().peakKiB
            print(String(
                format: "%.1f MB, %d items in %.3f s (%.1f MB/s); peak RSS %.1f MB (%.1f MB before; %.1f× the body)",
                Double(data.count) / 1e6, feed.entries.count, seconds, Double(data.count) / 1e6 / seconds, Double(peak) / 1024,
                Double(before) / 1024, Double(peak - before) * 1024 / Double(data.count)))
        } catch {
            print("error: \(error)")
        }
    }
}
