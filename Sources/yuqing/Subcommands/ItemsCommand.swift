import ArgumentParser
import Analysis
import Daemon
import Foundation
import Storage

/// `yuqing items`: stored items, newest first, filtered.
struct ItemsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "items",
        abstract: "List stored items, newest first."
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: "Only items matching this topic.")
    var topic: String?

    @Option(help: "Only items from this source id.")
    var source: String?

    @Option(help: "Only items seen within this span (e.g. 30m, 24h, 7d).")
    var since: String = "24h"

    @Option(help: "Only items whose relevance is at least this (0-100).")
    var minScore: Int = 0

    @Option(help: "At most this many items.")
    var limit: Int = 50

    @Option(help: "Only items whose title or summary contains this text (full-width and case folded).")
    var contains: String?

    @Option(help: "Only items of this story (cluster) id.")
    var story: String?

    @Flag(help: "Print JSON Lines, one stored record per line.")
    var json = false

    @Flag(help: "Print CSV (RFC 4180) with a header line.")
    var csv = false

    func run() throws {
        let config = try options.loadOrExit()
        guard let span = SpanParser.seconds(since) else { throw ValidationError("--since: expected a span such as 30m, 24h, 7d") }
        let cutoff = Date().addingTimeInterval(-span)
        let needle = contains.map { TextNormalizer.normalize($0) }
        // The newest `limit` matches, kept in at most 2 × limit records however many match.
        // Segments are read newest first, skipping those whose index shows no match, and
        // the search stops once `limit` matches are newer than anything older segments hold.
        var newest: [StoredItem] = []
        var total = 0
        var stoppedEarly = false
        let segments = SegmentReader(dataDirectory: config.dataDirectory).segments()
        for (position, path) in segments.enumerated().reversed() {
            let index = SegmentIndex.load(forSegment: path)
            if let index, index.coveredBytes == nil {
                if let to = index.to, to < cutoff, (index.bucketStart + index.buckets * 300) < Int(cutoff.timeIntervalSince1970) { continue }
                if let topic, index.topicItems[topic] == nil { continue }
                if let source, index.sourceItems[source] == nil { continue }
            }
            try SegmentReader.forEach(inFile: path) { item in
                guard item.fetched >= cutoff || item.time >= cutoff else { return }
                if let source, item.source != source { return }
                if let story, item.story != story { return }
                if let topic {
                    guard let hit = item.topics.first(where: { $0.topic == topic }), hit.score >= minScore else { return }
                } else if item.score < minScore {
                    return
                }
                if let needle, !TextNormalizer.normalize(item.title + "\n" + item.summary).contains(needle) { return }
                total += 1
                newest.append(item)
                if newest.count >= 2 * max(limit, 1) {
                    newest.sort { $0.time > $1.time }
                    newest.removeLast(newest.count - limit)
                }
            }
            // Items of older segments were fetched (so published) no later than their `to`.
            if position > 0, let older = SegmentIndex.load(forSegment: segments[position - 1]), older.coveredBytes == nil, let bound = older.to,
                newest.filter({ $0.time >= bound }).count >= limit
            {
                stoppedEarly = true
                break
            }
        }
        newest.sort { $0.time > $1.time }
        let shown = newest.prefix(limit)
        if json {
            for item in shown { print(try JSONOutput.string(item)) }
            return
        }
        if csv {
            print("time,source,score,topics,title,url,id,story")
            for item in shown {
                let topics = item.topics.map { "\($0.topic):\($0.score)" }.joined(separator: ";")
                print([RecordCoding.timestamp(item.time), item.source, String(item.score), topics, item.title, item.url ?? "", item.id, item.story]
                    .map(Self.csvField).joined(separator: ","))
            }
            return
        }
        let table = TextTable(columns: ["时间", "来源", "相关度", "话题", "标题"])
        for item in shown {
            let topics = item.topics.map { "\($0.topic)(\($0.score))" }.joined(separator: " ")
            table.add([DisplayTime.string(item.time), item.source, String(item.score), topics.isEmpty ? "—" : topics, item.title])
        }
        table.print()
        print(stoppedEarly ? "显示最新 \(shown.count) 条（更早的分段未读取）" : "共 \(total) 条（显示 \(shown.count) 条）")
    }
}

extension ItemsCommand {
    /// RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled.
    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Spans such as `30m`, `24h`, `7d` in seconds.
enum SpanParser {
    static func seconds(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800]
        guard let unit = text.last, let factor = units[unit], let value = Double(text.dropLast()), value >= 0 else {
            return Double(text)
        }
        return value * factor
    }

    /// `24h` → `24小时`, `7d` → `7天`, for table headers.
    static func chinese(_ text: String) -> String {
        let units: [Character: String] = ["s": "秒", "m": "分钟", "h": "小时", "d": "天", "w": "周"]
        guard let unit = text.last, let word = units[unit] else { return text + "秒" }
        return text.dropLast() + word
    }
}
