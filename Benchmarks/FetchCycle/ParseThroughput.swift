import Feeds
import Foundation

/// `yuqing-bench --parse-dir DIR`: parse every file of DIR once, on one core, and report
/// MB/s and items/s (wall and CPU).
enum ParseThroughput {
    static func run(_ directory: String) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        let documents = names.compactMap { FileManager.default.contents(atPath: directory + "/" + $0).map(Array.init) }
        let bytes = documents.reduce(0) { $0 + $1.count }
        let before = cpuSeconds()
        let clock = ContinuousClock()
        var items = 0
        var failures = 0
        let elapsed = clock.measure {
            for document in documents {
                do {
                    items += try FeedParser(dates: FeedDateParser(now: Date())).parse(document).entries.count
                } catch {
                    failures += 1
                }
            }
        }
        let after = cpuSeconds()
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let cpu = (after.user - before.user) + (after.system - before.system)
        let megabytes = Double(bytes) / 1_000_000
        print(String(format: "yuqing parse: %d documents, %.1f MB, %d items, %d failures; wall %.3f s (%.1f MB/s, %.0f items/s), CPU %.3f s, peak RSS %.1f MB",
            documents.count, megabytes, items, failures, wall, megabytes / wall, Double(items) / wall, cpu, Double(after.peakKiB) / 1024))
    }
}
