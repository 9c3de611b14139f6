import Alerting
import Analysis
import Feeds
import Foundation
import Storage

/// Runs a recorded stream of items through scoring, clustering, storage, trend detection
/// and the alert rules on a simulated clock (the time each item was seen), into a scratch
/// data directory, and reports what would have fired when. Nothing is sent.
public struct Replay {
    /// One line of the input: an item and when it was seen.
    public struct Event: Decodable {
        public var seen: Date
        public var source: String
        public var id: String?
        public var title: String
        public var summary: String?
        public var url: String?
        public var published: Date?
    }

    /// An alert that would have fired.
    public struct Alert: Encodable {
        public var time: Date
        public var rule: String
        public var kind: String
        public var topic: String?
        public var title: String
    }

    /// A non-steady trend signal at the end of a bucket.
    public struct Detection: Encodable {
        public var topic: String
        public var bucket: Date
        public var direction: String
        public var score: Double
        public var current: Int
        public var expected: Double
        public var baseline: String
    }

    public struct Report {
        public var events = 0
        public var stored = 0
        public var stories = 0
        public var alerts: [Alert] = []
        public var buckets = 0
    }

    public struct Outputs {
        public var detection: ((Detection) -> Void)?
        public var counts: ((Date, String, Int) -> Void)?
        public var assignment: ((String, String) -> Void)?

        public init() {}
    }

    let config: Config
    let dataDirectory: String

    public init(config: Config, dataDirectory: String) {
        self.config = config
        self.dataDirectory = dataDirectory
    }

    public func run(input path: String, outputs: Outputs = Outputs()) throws -> Report {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ReplayError("cannot read \(path)") }
        defer { try? handle.close() }
        let writer = try SegmentWriter(dataDirectory: dataDirectory, maxSegmentBytes: config.segmentBytes, durable: false)
        let scorer = TopicScorer(topics: config.topics, foldTraditional: config.foldTraditional)
        let rules = AlertRules(config: config, channels: Set(config.channels.map(\.name)))
        var stories = StoryIndex()
        var spread = SpreadTracker()
        var trends = TrendTracker()
        var seenIDs = Set<String>()
        var report = Report()
        var batch: [StoredItem] = []
        var bucket: Int?
        var lastSeen = Date.distantPast
        let decoder = RecordCoding.decoder()
        let topics = config.topics.map(\.name)
        let size = TrendTracker.bucket

        func record(_ notifications: [Alerting.Notification], at time: Date) {
            // One alert per rule and subject, whatever the number of channels.
            var seen = Set<String>()
            for notification in notifications where seen.insert(notification.rule + (notification.fields["topic"] ?? "") + notification.title).inserted {
                report.alerts.append(Alert(time: time, rule: notification.rule, kind: notification.fields["kind"] ?? "item", topic: notification.fields["topic"], title: notification.title))
            }
        }

        func closeBuckets(until next: Int) throws {
            guard let current = bucket else { return }
            if !batch.isEmpty {
                try writer.append(batch, at: batch[batch.count - 1].fetched)
                batch = []
            }
            for finished in current..<next {
                let end = Date(timeIntervalSince1970: Double((finished + 1) * size))
                report.buckets += 1
                record(trends.evaluate(topics: topics, rules: rules.trends, now: end), at: end)
                let detector = TrendDetector()
                for topic in topics {
                    let series = trends.series(topic, now: end)
                    outputs.counts?(Date(timeIntervalSince1970: Double(finished * size)), topic, series.last ?? 0)
                    guard outputs.detection != nil, !series.isEmpty else { continue }
                    let signal = detector.evaluate(series, now: series.count - 1, firstBucket: Int(end.timeIntervalSince1970) / size - series.count)
                    if signal.direction != .steady {
                        outputs.detection?(Detection(
                            topic: topic, bucket: Date(timeIntervalSince1970: Double(finished * size)), direction: signal.direction.rawValue,
                            score: signal.score, current: signal.current, expected: signal.expected, baseline: signal.baseline.rawValue))
                    }
                }
                if finished % 288 == 0 {
                    stories.compact(now: end)
                    spread.compact(horizon: rules.spreadHorizon, now: end)
                }
            }
        }

        var lineNumber = 0
        var pending: [UInt8] = []
        func handleLine(_ line: ArraySlice<UInt8>) throws {
            lineNumber += 1
            guard !line.isEmpty else { return }
            let event: Event
            do {
                event = try decoder.decode(Event.self, from: Data(line))
            } catch {
                throw ReplayError("\(path):\(lineNumber): not an item: \(error)")
            }
            guard event.seen >= lastSeen else {
                throw ReplayError("\(path):\(lineNumber): \"seen\" goes back in time; sort the file by seen")
            }
            lastSeen = event.seen
            report.events += 1
            let eventBucket = Int(event.seen.timeIntervalSince1970) / size
            if bucket == nil { bucket = eventBucket }
            if let current = bucket, eventBucket > current {
                try closeBuckets(until: eventBucket)
                bucket = eventBucket
            }
            let id = event.id ?? StableID.hex(StableID.fnv1a(event.source + "|" + (event.url ?? event.title)))
            guard seenIDs.insert(id).inserted else { return }
            let item = Item(id: id, sourceID: event.source, url: event.url, title: event.title, summary: event.summary ?? "", published: event.published, fetched: event.seen)
            let scored = ScoredItem(item: item, scorer: scorer, stories: &stories)
            let stored = StoredItem(scored)
            if scored.opensStory { report.stories += 1 }
            outputs.assignment?(id, scored.story)
            batch.append(stored)
            report.stored += 1
            trends.add([stored])
            record(trends.evaluateEarly(topics: topics, rules: rules.trends, now: event.seen), at: event.seen)
            let inhibited = trends.activeTopics
            record(rules.items.flatMap { $0.notifications(for: stored) }.filter { !inhibited.contains($0.fields["topic"] ?? "") }, at: event.seen)
            record(spread.add([stored], rules: rules.spreads, now: event.seen), at: event.seen)
        }
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            pending.append(contentsOf: chunk)
            var start = 0
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                try handleLine(pending[start..<newline])
                start = newline + 1
            }
            pending.removeFirst(start)
        }
        if !pending.isEmpty { try handleLine(pending[...]) }
        if let current = bucket { try closeBuckets(until: current + 1) }
        return report
    }
}

public struct ReplayError: Error, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
