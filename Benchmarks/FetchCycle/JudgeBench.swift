import Analysis
import Foundation

/// `yuqing-bench --judge FILE [--home CODE]`: judges every line of a JSONL file of
/// `{"title":…, "summary":…}` and prints one JSON line per item with the predicted
/// `sentiment`, `score` and `regions` (for Benchmarks/judgement_eval.py), then times the
/// whole per-item path — normalise, match topics, sentiment and regions, score — over the
/// same items repeated, on one core.
enum JudgeBench {
    static func run(_ path: String, home: Int?, topicsFile: String?) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            print("cannot read \(path)")
            return
        }
        let lines = text.split(separator: "\n")
        let items: [(String, String)] = lines.compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return (object["title"] as? String ?? "", object["summary"] as? String ?? "")
        }
        let topics = topicsFile.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }.map { words in
            words.split(separator: "\n").enumerated().map { Topic(name: "t\($0.offset)", any: [String($0.element)]) }
        } ?? []
        let clock = ContinuousClock()
        var scorer: TopicScorer?
        let judging = !CommandLine.arguments.contains("--no-judgement")
        let build = clock.measure {
            scorer = TopicScorer(topics: topics, judgement: judging ? JudgementSettings(homeRegion: home) : nil)
        }
        guard let scorer else { return }
        FileHandle.standardError.write(Data(String(format: "compiled %d topics with the lexicon and gazetteer: %d patterns in %.0f ms\n",
                                                   topics.count, scorer.termCount, Double(build.components.attoseconds) / 1e15 + Double(build.components.seconds) * 1000).utf8))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for (title, summary) in items {
            let matched = scorer.match(title: title, summary: summary)
            let judgement = scorer.judge(matched)
            let record: [String: String] = [
                "sentiment": judgement.sentiment.sentiment.rawValue,
                "score": String(format: "%.3f", judgement.sentiment.score),
                "regions": judgement.regions.map(String.init).joined(separator: ","),
                "topics": scorer.score(matched).map { "\($0.topic):\($0.score)" }.joined(separator: ","),
                "evidence": judgement.sentiment.evidence.map { "\($0.term)\($0.cue)\(String(format: "%+.1f", $0.value))\($0.note.map { "(\($0))" } ?? "")" }.joined(separator: " "),
            ]
            if let data = try? encoder.encode(record) { print(String(decoding: data, as: UTF8.self)) }
        }
        guard CommandLine.arguments.contains("--time") else { return }
        let repeats = max(1, 200_000 / max(items.count, 1))
        var bytes = 0
        var negatives = 0
        let elapsed = clock.measure {
            for _ in 0..<repeats {
                for (title, summary) in items {
                    let matched = scorer.match(title: title, summary: summary)
                    let scores = scorer.score(matched)
                    let judgement = scorer.judge(matched, evidence: false)
                    bytes += title.utf8.count + summary.utf8.count
                    if judgement.sentiment.sentiment == .negative || !scores.isEmpty { negatives += 1 }
                }
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let count = repeats * items.count
        FileHandle.standardError.write(Data(String(format: "whole per-item path: %d items in %.2f s = %.0f items/s, %.1f MB/s (%d flagged)\n",
                                                   count, seconds, Double(count) / seconds, Double(bytes) / seconds / 1e6, negatives).utf8))
    }
}
