import Alerting
import Analysis
import Engine
import Feeds
import Foundation
import Storage

/// Runs a recorded stream of items through the same `Engine` the daemon drives, on a
/// simulated clock (the time each item was seen), into a scratch data directory, and
/// reports every decision: what would have been sent when, and what would have been folded
/// into a trend or silenced. Nothing is sent. Replay itself only reads the file, groups
/// the items one poll would have brought (same source, same time), and advances the clock.
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
        /// For a hot list's poll: the entry's rank (1 = top) and hot value. A poll whose
        /// events carry ranks is also a poll of the list, for `hot` rules.
        public var rank: Int?
        public var hot: Double?
    }

    /// One decision, as the report lists it.
    public struct Alert: Encodable, Equatable {
        public var time: Date
        public var rule: String
        public var kind: String
        public var topic: String?
        public var title: String
        /// `send`, `folded` or `silenced`.
        public var outcome: String
        public var reason: String
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
        /// Every decision, one per rule and subject whatever the number of channels.
        public var alerts: [Alert] = []
        public var buckets = 0
        /// The decisions as the engine made them, one per channel.
        public var decisions: [Decision] = []
    }

    public struct Outputs {
        public var detection: ((Detection) -> Void)?
        public var counts: ((Date, String, Int) -> Void)?
        public var assignment: ((String, String) -> Void)?
        /// Bytes of the stream read, its size, and events read so far.
        public var progress: ((Int64, Int64, Int) -> Void)?

        public init() {}
    }

    let config: Config
    let dataDirectory: String
    let silences: [Silence]

    public init(config: Config, dataDirectory: String, silences: [Silence] = []) {
        self.config = config
        self.dataDirectory = dataDirectory
        self.silences = silences
    }

    public func run(input path: String, outputs: Outputs = Outputs()) throws -> Report {
        let store = try SegmentStore(dataDirectory: dataDirectory, maxSegmentBytes: config.segmentBytes, compress: false, durable: false)
        // Reports read and write the replay's directory, never the configured one.
        var config = config
        config.dataDirectory = dataDirectory
        var run = ReplayRun(
            engine: Engine(settings: EngineSettings(config: config, channels: Set(config.channels.map(\.name)), silences: silences)),
            store: store, config: config, outputs: outputs)
        var stream = ReplayStream(path: path)
        if let progress = outputs.progress {
            let total = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
            stream.progress = { read, events in progress(read, total, events) }
        }
        try stream.forEachPoll { seen, source, events in
            try run.poll(events, source: source, at: seen)
        }
        try run.finish()
        return run.report
    }
}

public struct ReplayError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
