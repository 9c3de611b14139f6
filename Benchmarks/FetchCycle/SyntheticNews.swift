import Alerting
import Analysis
import Cluster
import Feeds
import Foundation
import Storage

/// Seeded synthetic Chinese news for the cluster benchmark: titles of 10–28 and summaries of
/// 40–160 characters drawn from 3,000 CJK characters; a third of the items repost one of
/// the last 2,000 stories; a tenth of the stories carry 暴雨 in the title; (as is, with （图）, with 转载：, or with a paper's 【】 tag), on
/// any node, so nodes contend for the same stories; 40 % match one of 20 topics, and items
/// scoring 80 or more get an item alert.
struct SyntheticNews {
    private var state: UInt64

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    /// SplitMix64.
    mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func text(_ range: ClosedRange<Int>) -> String {
        let length = range.lowerBound + below(range.count)
        var scalars = String.UnicodeScalarView()
        for _ in 0..<length { scalars.append(Unicode.Scalar(UInt32(0x4E00 + below(3000))) ?? "中") }
        return String(scalars)
    }

    /// Each node's batches of 100, its sources spread over the buckets it holds.
    mutating func batches(nodes: Int, items: Int, leases: [[Lease]], at now: Date) -> [[ClusterBatch]] {
        let rule = ItemAlertRule(name: "要闻", minScore: 80, channels: ["hook"])
        var recent: [(String, String)] = []
        var perNode: [[StoredItem]] = Array(repeating: [], count: nodes)
        for index in 0..<items {
            let node = index % nodes
            var title: String, summary: String
            if !recent.isEmpty && below(3) == 0 {
                (title, summary) = recent[below(recent.count)]
                switch below(4) {
                case 0: title += "（图）"
                case 1: title = "转载：" + title
                case 2: title = "【\(text(2...3))日报】" + title
                default: break
                }
            } else {
                (title, summary) = (text(10...28), text(40...160))
                // A common term in a tenth of the stories, as 暴雨 is in a rainy week.
                if below(10) == 0 { title = String(title.prefix(4)) + "暴雨" + String(title.dropFirst(4)) }
                recent.append((title, summary))
                if recent.count > 2000 { recent.removeFirst(recent.count - 2000) }
            }
            let source = "n\(node)-s\(below(200))"
            let id = StableID.make(sourceID: source, key: "\(index)")
            let item = Item(id: id, sourceID: source, url: "https://\(source).example/\(index)", title: title, summary: summary, published: nil, fetched: now)
            let topics = below(5) < 2 ? [TopicScore(topic: "t\(below(20))", score: 50 + below(51), terms: [String(title.prefix(2))])] : []
            var scored = ScoredItem(item: item, topics: topics, story: StableID.hex(StableID.fnv1a(id)))
            scored.opensStory = true
            perNode[node].append(StoredItem(scored))
        }
        return perNode.enumerated().map { node, stored in
            stride(from: 0, to: stored.count, by: 100).map { start in
                let slice = Array(stored[start..<min(start + 100, stored.count)])
                var sources: [String: Lease] = [:]
                for item in slice where sources[item.source] == nil {
                    let held = leases[node]
                    sources[item.source] = held[Int(StableID.fnv1a(item.source) % UInt64(max(held.count, 1)))]
                }
                let decisions = slice.flatMap { rule.notifications(for: $0) }.map { ClusterDecision(notification: $0, outcome: .send, notBefore: now) }
                return ClusterBatch(items: slice, decisions: decisions, leases: sources)
            }
        }
    }
}
