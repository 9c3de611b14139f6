import Alerting
import Analysis
import Engine
import Feeds
import Foundation
import Storage

/// The simulated clock of one replay: advances the engine bucket by bucket, feeds it the
/// polls of the stream, stores what it says to store, writes the scheduled reports that
/// come due (`ReplayRun+Reports.swift`), and writes the report of the run.
struct ReplayRun {
    var engine: Engine
    let store: SegmentStore
    let config: Config
    let outputs: Replay.Outputs
    var report = Replay.Report()
    /// The decided notifications as the daemon's outbox keeps them (`state/sent.json`):
    /// what a report's alert section and `yuqing alerts` read from the replay's directory.
    var recorded: [Alerting.Notification] = []
    /// Those not yet appended to the alert log.
    var unlogged: [Alerting.Notification] = []
    private var boundary: Int?
    private var buffer: [StoredItem] = []
    private var seenIDs = Set<String>()

    init(engine: Engine, store: SegmentStore, config: Config, outputs: Replay.Outputs) {
        self.engine = engine
        self.store = store
        self.config = config
        self.outputs = outputs
    }

    /// One poll's worth of events: the items `source` brought at `seen`.
    mutating func poll(_ events: [Replay.Event], source: String, at seen: Date) throws {
        try advance(to: Int(seen.timeIntervalSince1970) / TopicSeries.bucketSeconds)
        report.events += events.count
        let polled = events.map { event in
            let id = event.id ?? StableID.hex(StableID.fnv1a(event.source + "|" + (event.url ?? event.title)))
            return Item(id: id, sourceID: source, url: event.url, title: event.title, summary: event.summary ?? "", published: event.published, fetched: seen)
        }
        let items = polled.filter { seenIDs.insert($0.id).inserted }
        if !items.isEmpty {
            let (stored, decisions) = engine.ingest(items, at: seen)
            for item in stored {
                outputs.assignment?(item.id, item.story)
                if item.opens == true { report.stories += 1 }
            }
            report.stored += stored.count
            buffer += stored
            record(decisions)
        }
        // As the daemon does: the items first, then the list with every entry, new or seen.
        let entries = zip(events, polled).compactMap { event, item in
            event.rank.map { HotSnapshot.Entry(id: item.id, title: item.title, url: item.url, rank: $0, hot: event.hot) }
        }
        if !entries.isEmpty {
            let snapshot = HotSnapshot(time: seen, source: source, entries: entries)
            try HotListLog(dataDirectory: store.dataDirectory).append(snapshot)
            record(engine.observeList(snapshot, at: seen))
        }
    }

    /// Closes every bucket up to the one after the last event.
    mutating func finish() throws {
        if let boundary { try advance(to: boundary + 1) }
        try flush()
        try saveState()
        // Every segment indexed, as the daemon's upkeep leaves them: queries on the replay's
        // directory read it as fast as a daemon's.
        try SegmentMaintenance.run(dataDirectory: store.dataDirectory, compress: false)
    }

    /// Ticks the engine at each bucket boundary up to `bucket`, reporting each closed bucket.
    private mutating func advance(to bucket: Int) throws {
        guard let last = boundary else {
            boundary = bucket
            return
        }
        guard bucket > last else { return }
        try flush()
        for next in (last + 1)...bucket {
            let end = Date(timeIntervalSince1970: Double(next * TopicSeries.bucketSeconds))
            record(engine.tick(at: end))
            try writeDueReports(at: end)
            report.buckets += 1
            observe(bucketStart: end.addingTimeInterval(-Double(TopicSeries.bucketSeconds)), end: end)
        }
        boundary = bucket
    }

    private func observe(bucketStart: Date, end: Date) {
        guard outputs.counts != nil || outputs.detection != nil else { return }
        for topic in config.topics.map(\.name) {
            let series = engine.storySeries(topic, now: end)
            outputs.counts?(bucketStart, topic, series.last ?? 0)
            guard let signal = engine.trendSignals[topic], !series.isEmpty, signal.direction != .steady else { continue }
            outputs.detection?(Replay.Detection(
                topic: topic, bucket: bucketStart, direction: signal.direction.rawValue, score: signal.score,
                current: signal.current, expected: signal.expected, baseline: signal.baseline.rawValue))
        }
    }

    private mutating func flush() throws {
        // A long replay with item rules decides hundreds of thousands: into the log as it goes.
        if unlogged.count >= 1000 { try saveSent() }
        guard let last = buffer.last else { return }
        try store.append(buffer, at: last.fetched)
        buffer = []
    }

    /// One alert per rule, subject and outcome, whatever the number of channels.
    mutating func record(_ decisions: [Decision]) {
        report.decisions += decisions
        keep(decisions)
        var seen = Set<String>()
        for decision in decisions {
            let notification = decision.notification
            let key = notification.rule + "|" + (notification.fields["topic"] ?? "") + "|" + notification.title + "|" + decision.outcome
            guard seen.insert(key).inserted else { continue }
            report.alerts.append(Replay.Alert(
                time: decision.time, rule: notification.rule, kind: notification.fields["kind"] ?? "item",
                topic: notification.fields["topic"], title: notification.title, outcome: decision.outcome, reason: decision.reason))
        }
    }
}
