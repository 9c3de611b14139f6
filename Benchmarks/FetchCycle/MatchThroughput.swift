import Analysis
import Foundation

/// `yuqing-bench --match KEYWORDS TEXT`: builds one automaton from the keywords and runs
/// it over the text on one core (best of 3), then scores every line of the text against
/// 1,000 topics made of those keywords (normalisation, matching, word boundaries and
/// rule evaluation: the path every stored item takes).
enum MatchThroughput {
    static func run(keywordsFile: String, textFile: String) {
        guard let keywordText = try? String(contentsOfFile: keywordsFile, encoding: .utf8),
            let data = FileManager.default.contents(atPath: textFile)
        else {
            print("cannot read \(keywordsFile) or \(textFile)")
            return
        }
        let keywords = keywordText.split(separator: "\n").map(String.init)
        let megabytes = Double(data.count) / 1e6
        let clock = ContinuousClock()
        let rssBefore = residentBytes()
        var matcher: MultiPatternMatcher?
        // YUQING_DENSE_BUDGET (bytes) tries other depths of complete rows.
        let budget = ProcessInfo.processInfo.environment["YUQING_DENSE_BUDGET"].flatMap(Int.init) ?? MultiPatternMatcher.defaultDenseBudget
        let build = clock.measure { matcher = MultiPatternMatcher(patterns: keywords, denseBudget: budget) }
        guard let matcher else { return }
        let rssAfter = residentBytes()
        print(String(format: "automaton: %d keywords, %d states (%d with complete rows), tables %.1f MB, RSS +%.1f MB, built in %.0f ms",
                     keywords.count, matcher.stateCount, matcher.denseStateCount, Double(matcher.tableBytes) / 1e6,
                     Double(rssAfter - rssBefore) / 1e6, seconds(build) * 1000))

        var best = Double.infinity
        var matches = 0
        for _ in 0..<3 {
            var count = 0
            let elapsed = clock.measure {
                data.withUnsafeBytes { raw in
                    let bytes = raw.bindMemory(to: UInt8.self)
                    matcher.forEachMatch(in: bytes) { _, _ in count += 1 }
                }
            }
            best = min(best, seconds(elapsed))
            matches = count
        }
        print(String(format: "match: %d matches in %.1f MB, best of 3 %.3f s = %.1f MB/s", matches, megabytes, best, megabytes / best))
        // YUQING_MATCH_ONLY skips the scoring pass (for A/B rounds of the scan alone).
        if ProcessInfo.processInfo.environment["YUQING_MATCH_ONLY"] != nil { return }

        let topics = stride(from: 0, to: keywords.count, by: 10).map { start in
            Topic(name: "t\(start)", any: Array(keywords[start..<min(start + 10, keywords.count)]))
        }
        let scorer = TopicScorer(topics: topics)
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        var scored = 0
        let elapsed = clock.measure {
            for line in lines where !scorer.score(title: "", summary: line).isEmpty { scored += 1 }
        }
        print(String(format: "score: %d lines against %d topics (%d terms), %d matched a topic, %.3f s = %.1f MB/s",
                     lines.count, topics.count, scorer.termCount, scored, seconds(elapsed), megabytes / seconds(elapsed)))
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func residentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = status.split(separator: " ")
        return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
    }
}
