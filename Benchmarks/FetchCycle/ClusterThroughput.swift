import Analysis
import Foundation

/// `yuqing-bench --cluster N`: fingerprint (whole text, title, lede) and assign N synthetic
/// Chinese items (a tenth of them reposts) to stories, as the engine does, on one core;
/// prints items per second.
enum ClusterThroughput {
    /// Over the title and summary of each line of a JSON Lines file (a recorded stream, a
    /// generated news corpus), in order, as many as it holds.
    static func run(file: String) {
        guard let data = FileManager.default.contents(atPath: file) else {
            print("cannot read \(file)")
            return
        }
        struct Line: Decodable {
            var title: String
            var summary: String?
        }
        let decoder = JSONDecoder()
        let items = data.split(separator: 0x0A).compactMap { try? decoder.decode(Line.self, from: $0) }.map { ($0.title, $0.summary ?? "") }
        measure(items)
    }

    static func run(count: Int) {
        let subjects = ["防汛", "食品安全", "安全生产", "交通", "教育", "医疗", "环保", "住房"]
        let items: [(String, String)] = (0..<count).map { index in
            let story = index % 10 == 9 ? index - 9 : index
            let subject = subjects[story % subjects.count]
            let prefix = index % 10 == 9 ? "【转载】" : ""
            return ("\(prefix)第\(story)号通报：某市\(subject)工作会议部署第\(story % 97)项重点任务",
                    "会议要求各部门围绕\(subject)做好第\(story)项工作，确保落实到位。编号\(story * 7919 % 100_003)")
        }
        measure(items)
    }

    private static func measure(_ items: [(String, String)]) {
        let count = items.count
        var index = StoryIndex()
        let now = Date()
        let clock = ContinuousClock()
        var distinct = Set<String>()
        let elapsed = clock.measure {
            for (offset, item) in items.enumerated() {
                let fingerprints = StoryFingerprints(title: item.0, summary: item.1)
                distinct.insert(index.assign(fingerprints, newStory: String(offset), time: now))
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(String(format: "clustering: %d items into %d stories in %.3f s, %.0f items/s", count, distinct.count, seconds, Double(count) / seconds))
    }
}
